using System.Net;
using System.Text;
using System.Text.Json;
using DualHub.Hub.CentralIngest;
using DualHub.Hub.Options;
using DualHub.Hub.Query;
using DualHub.Hub.SampleJournal;
using DualHub.Metrics.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Hub.Tests.Query;

public sealed class QueryProxyTests
{
    private const long T = 1_700_000_000_000;

    [Fact]
    public async Task Get_goes_to_the_same_path_under_the_store_base_with_every_parameter_and_the_answer_streams_back()
    {
        var store = new FakeStore((_, _) =>
        {
            var answer = FakeStore.Answer(HttpStatusCode.OK, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");
            answer.Content.Headers.ContentEncoding.Add("identity");
            return Task.FromResult(answer);
        });
        using var proxy = Proxy(store, "query:\n  url: http://vmselect:8481/select/0/prometheus/\n");

        var (status, body, response) = await ForwardAsync(proxy, Get(QueryEndpoint.QueryRange, ("query", "sum by (job) (rate(x[5m]))"), ("start", "1700000000"), ("end", "1700003600"), ("step", "15")) with { AcceptEncoding = "gzip" });

        Assert.Equal(200, status);
        Assert.Equal("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}", body);
        Assert.Equal("application/json; charset=utf-8", response.ContentType);
        Assert.Equal("identity", response.Headers.ContentEncoding.ToString());
        var (method, url, _, encoding) = Assert.Single(store.Requests);
        Assert.Equal(HttpMethod.Get, method);
        Assert.Equal("http://vmselect:8481/select/0/prometheus/api/v1/query_range?query=sum%20by%20%28job%29%20%28rate%28x%5B5m%5D%29%29&start=1700000000&end=1700003600&step=15", url.AbsoluteUri);
        Assert.Equal("gzip", encoding);
        Assert.Equal(1, proxy.Metrics.Count(new QueryRoute(QueryEndpoint.QueryRange), QueryOutcome.Success));
    }

    [Fact]
    public async Task Post_form_is_forwarded_as_a_post_form_with_repeated_parameters_and_grafanas_float_times()
    {
        var store = FakeStore.Answering(HttpStatusCode.OK, "{\"status\":\"success\",\"data\":[]}");
        using var proxy = Proxy(store);

        var request = new QueryRequest(new QueryRoute(QueryEndpoint.Series), IsPost: true, [new("match[]", "up"), new("match[]", "x{job=\"a b\"}"), new("start", "1700000000.123"), new("end", "1700003600.456")]);
        var (status, _, _) = await ForwardAsync(proxy, request);

        Assert.Equal(200, status);
        var (method, url, form, _) = Assert.Single(store.Requests);
        Assert.Equal(HttpMethod.Post, method);
        Assert.Equal("http://127.0.0.1:8428/api/v1/series", url.AbsoluteUri);
        Assert.Equal("match%5B%5D=up&match%5B%5D=x%7Bjob%3D%22a%20b%22%7D&start=1700000000.123&end=1700003600.456", form);
    }

    [Theory]
    [InlineData("30s", "30s")]
    [InlineData("0.5", "500ms")]
    [InlineData("1h", "2m")]
    public async Task The_smaller_of_query_timeout_and_the_timeout_parameter_goes_to_the_store(string asked, string sent)
    {
        var store = FakeStore.Answering(HttpStatusCode.OK, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        using var proxy = Proxy(store);

        await ForwardAsync(proxy, Get(QueryEndpoint.Query, ("query", "up"), ("timeout", asked)));

        Assert.Equal("http://127.0.0.1:8428/api/v1/query?query=up&timeout=" + sent, Assert.Single(store.Requests).Url.AbsoluteUri);
    }

    [Fact]
    public async Task Without_a_timeout_parameter_the_store_gets_none_and_the_hub_still_keeps_query_timeout()
    {
        // The store's own limit applies; the hub's deadline is the one the no-answer test below holds it to.
        var store = FakeStore.Answering(HttpStatusCode.OK, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        using var proxy = Proxy(store);

        await ForwardAsync(proxy, Get(QueryEndpoint.Query, ("query", "up")));

        Assert.Equal("http://127.0.0.1:8428/api/v1/query?query=up", Assert.Single(store.Requests).Url.AbsoluteUri);
    }

    [Theory]
    [InlineData(QueryEndpoint.Query, "timeout", "soon", "invalid parameter \"timeout\": cannot parse \"soon\" to a valid duration")]
    [InlineData(QueryEndpoint.LabelValues, null, null, "invalid label name: \"1bad\"")]
    public async Task Bad_parameters_get_bad_data_without_asking_the_store(QueryEndpoint endpoint, string? name, string? value, string error)
    {
        var store = FakeStore.Answering(HttpStatusCode.OK, "{}");
        using var proxy = Proxy(store);
        var route = endpoint == QueryEndpoint.LabelValues ? new QueryRoute(endpoint, "1bad") : new QueryRoute(endpoint);
        var request = new QueryRequest(route, false, name is null ? [] : [new(name, value!)]);

        var (status, body, _) = await ForwardAsync(proxy, request);

        Assert.Equal(400, status);
        AssertError(body, "bad_data", error);
        Assert.Empty(store.Requests);
    }

    [Fact]
    public async Task A_valid_label_name_goes_into_the_path()
    {
        var store = FakeStore.Answering(HttpStatusCode.OK, "{\"status\":\"success\",\"data\":[\"a\"]}");
        using var proxy = Proxy(store);
        Assert.True(QueryRoute.TryMatch("/api/v1/label/__name__/values", out var route));

        await ForwardAsync(proxy, new QueryRequest(route, false, [new("match[]", "up")]));

        Assert.Equal("http://127.0.0.1:8428/api/v1/label/__name__/values?match%5B%5D=up", Assert.Single(store.Requests).Url.AbsoluteUri);
    }

    [Theory]
    // VictoriaMetrics 1.79: a bad query is 422 with its own errorType; Prometheus clients expect 400 bad_data.
    [InlineData(422, "{\"status\":\"error\",\"errorType\":\"422\",\"error\":\"error when executing query=\\\"sum(\\\": unexpected token\"}", "application/json", 400, "bad_data", "error when executing query=\"sum(\": unexpected token")]
    [InlineData(400, "remoteAddr: \"127.0.0.1:1\"; unsupported path requested\n", "text/plain", 400, "bad_data", "remoteAddr: \"127.0.0.1:1\"; unsupported path requested")]
    // Prometheus' own errors keep status, type and message.
    [InlineData(422, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"many-to-many matching not allowed\"}", "application/json", 422, "execution", "many-to-many matching not allowed")]
    [InlineData(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error\"}", "application/json", 400, "bad_data", "1:5: parse error")]
    [InlineData(503, "{\"status\":\"error\",\"errorType\":\"503\",\"error\":\"cannot handle more than 8 concurrent search requests\"}", "application/json", 503, "unavailable", "store http://127.0.0.1:8428: cannot handle more than 8 concurrent search requests")]
    [InlineData(500, "boom", "text/plain", 500, "internal", "store http://127.0.0.1:8428 answered 500: boom")]
    [InlineData(404, "404 page not found", "text/plain", 404, "not_found", "store http://127.0.0.1:8428 answered 404: 404 page not found")]
    [InlineData(401, "", "text/plain", 503, "unavailable", "store http://127.0.0.1:8428 answered 401: empty answer with status 401")]
    public async Task Store_errors_get_prometheus_status_and_shape(int storeStatus, string storeBody, string contentType, int status, string errorType, string error)
    {
        using var proxy = Proxy(FakeStore.Answering((HttpStatusCode)storeStatus, storeBody, contentType));

        var (code, body, response) = await ForwardAsync(proxy, Get(QueryEndpoint.Query, ("query", "sum(")));

        Assert.Equal(status, code);
        Assert.Equal("application/json", response.ContentType);
        AssertError(body, errorType, error);
    }

    [Theory]
    [InlineData("corrupt gzip", 500, "internal", "store http://127.0.0.1:8428 answered 500: its body could not be read: the store's gzip body is corrupt: ")]
    [InlineData("broken off", 503, "unavailable", "store http://127.0.0.1:8428: its body could not be read: connection reset")]
    [InlineData("not UTF-8", 400, "bad_data", "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"x\uFFFDx\"}")]
    public async Task A_store_error_whose_body_cannot_be_read_still_gets_prometheus_shape_by_its_status(string body, int status, string errorType, string errorStart)
    {
        var store = new FakeStore((_, _) =>
        {
            HttpContent content = body switch
            {
                "corrupt gzip" => new ByteArrayContent("not gzip at all"u8.ToArray()),
                "broken off" => new StreamContent(new BreakingStream()),
                _ => new ByteArrayContent([.. "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"x"u8, 0xff, .. "x\"}"u8]),
            };
            if (body == "corrupt gzip")
            {
                content.Headers.ContentEncoding.Add("gzip");
            }

            return Task.FromResult(new HttpResponseMessage((HttpStatusCode)status) { Content = content });
        });
        using var proxy = Proxy(store);

        var (code, answer, _) = await ForwardAsync(proxy, Get(QueryEndpoint.Query, ("query", "up")));

        Assert.Equal(status, code);
        using var doc = JsonDocument.Parse(answer);
        Assert.Equal(errorType, doc.RootElement.GetProperty("errorType").GetString());
        Assert.StartsWith(errorStart, doc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_unreachable_an_instant_selector_answers_from_the_view_with_a_warning_naming_the_store()
    {
        using var proxy = Proxy(FakeStore.Refusing(), view: OneSeriesView.Create());

        var (status, body, _) = await ForwardAsync(proxy, Get(QueryEndpoint.Query, ("query", "m{k=\"a\"}")));

        Assert.Equal(200, status);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("1.5", Assert.Single(doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()).GetProperty("value")[1].GetString());
        var warning = Assert.Single(doc.RootElement.GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Equal("store http://127.0.0.1:8428 unreachable: Connection refused (127.0.0.1:8428); answered from the hub's newest-sample view", warning);
        Assert.Equal(1, proxy.Metrics.Count(new QueryRoute(QueryEndpoint.Query), QueryOutcome.ViewFallback));
    }

    [Theory]
    [InlineData(QueryEndpoint.Query, "rate(m[1m])")]
    [InlineData(QueryEndpoint.QueryRange, "m")]
    [InlineData(QueryEndpoint.Labels, null)]
    public async Task Store_unreachable_everything_else_is_503_unavailable_naming_the_store(QueryEndpoint endpoint, string? query)
    {
        using var proxy = Proxy(FakeStore.Refusing(), view: OneSeriesView.Create());

        var (status, body, _) = await ForwardAsync(proxy, query is null ? Get(endpoint) : Get(endpoint, ("query", query)));

        Assert.Equal(503, status);
        AssertError(body, "unavailable", "store http://127.0.0.1:8428 unreachable: Connection refused (127.0.0.1:8428)");
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_503_timeout_and_the_store_request_is_canceled()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T));
        var asked = new TaskCompletionSource();
        var canceled = new TaskCompletionSource();
        var store = new FakeStore(async (_, ct) =>
        {
            asked.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                canceled.SetResult();
                throw;
            }

            throw new InvalidOperationException("unreachable");
        });
        using var proxy = Proxy(store, "query:\n  url: http://127.0.0.1:8428\n  timeout: 10s\n", time: time);

        var forward = ForwardAsync(proxy, Get(QueryEndpoint.QueryRange, ("query", "m")));
        await asked.Task;
        time.Advance(TimeSpan.FromSeconds(10));
        var (status, body, _) = await forward;

        Assert.Equal(503, status);
        AssertError(body, "timeout", "store http://127.0.0.1:8428 did not answer within 10s");
        Assert.True(canceled.Task.IsCompleted);
        Assert.Equal(1, proxy.Metrics.Count(new QueryRoute(QueryEndpoint.QueryRange), QueryOutcome.Timeout));
    }

    [Fact]
    public async Task Beyond_max_concurrent_a_query_is_refused_at_once_and_the_slot_comes_back()
    {
        var release = new TaskCompletionSource();
        var asked = new TaskCompletionSource();
        var store = new FakeStore(async (_, _) =>
        {
            asked.TrySetResult();
            await release.Task;
            return FakeStore.Answer(HttpStatusCode.OK, "{\"status\":\"success\",\"data\":[]}");
        });
        using var proxy = Proxy(store, "query:\n  url: http://127.0.0.1:8428\n  max_concurrent: 1\n");

        var first = ForwardAsync(proxy, Get(QueryEndpoint.Labels));
        await asked.Task;
        Assert.Equal(1, proxy.Metrics.InFlight);
        var (status, body, _) = await ForwardAsync(proxy, Get(QueryEndpoint.Labels));
        Assert.Equal(503, status);
        AssertError(body, "unavailable", "too many concurrent queries (query.max_concurrent is 1)");

        release.SetResult();
        Assert.Equal(200, (await first).Status);
        Assert.Equal(0, proxy.Metrics.InFlight);
        Assert.Equal(200, (await ForwardAsync(proxy, Get(QueryEndpoint.Labels))).Status);
        var metrics = proxy.Metrics.Collect();
        var requests = metrics.Single(f => f.Name == "dualhub_query_requests_total").Metrics.ToDictionary(m => m.Labels[1].Value, m => m.Value);
        Assert.Equal(2, requests["success"]);
        Assert.Equal(1, requests["rejected"]);
        Assert.Equal(3, metrics.Single(f => f.Name == "dualhub_query_duration_seconds").Metrics.Single().Count);
    }

    [Theory]
    [InlineData("/api/v1/query", QueryEndpoint.Query, null)]
    [InlineData("/api/v1/query_range", QueryEndpoint.QueryRange, null)]
    [InlineData("/api/v1/series", QueryEndpoint.Series, null)]
    [InlineData("/api/v1/labels", QueryEndpoint.Labels, null)]
    [InlineData("/api/v1/label/job/values", QueryEndpoint.LabelValues, "job")]
    [InlineData("/api/v1/label/1bad/values", QueryEndpoint.LabelValues, "1bad")]
    [InlineData("/api/v1/metadata", QueryEndpoint.Metadata, null)]
    [InlineData("/api/v1/status/buildinfo", QueryEndpoint.BuildInfo, null)]
    public void Routes_match_prometheus_paths_and_lead_to_the_same_path(string path, QueryEndpoint endpoint, string? label)
    {
        Assert.True(QueryRoute.TryMatch(path, out var route));
        Assert.Equal(new QueryRoute(endpoint, label), route);
        Assert.Equal(label != "1bad", route.HasValidLabelName);
        if (route.HasValidLabelName)
        {
            Assert.Equal(path, route.Path);
        }
    }

    [Theory]
    [InlineData("/api/v1/label/a/b/values")]
    [InlineData("/api/v1/label//values")]
    [InlineData("/api/v1/query_exemplars")]
    [InlineData("/api/v1/status")]
    public void Other_paths_are_not_query_routes(string path) => Assert.False(QueryRoute.TryMatch(path, out _));

    private static QueryProxy Proxy(FakeStore store, string yaml = "query:\n  url: http://127.0.0.1:8428\n", QueryApi? view = null, TimeProvider? time = null) =>
        new(HubConfigLoader.Parse(yaml).Query, view, time ?? TimeProvider.System, NullLogger.Instance, store);

    private static QueryRequest Get(QueryEndpoint endpoint, params (string Name, string Value)[] parameters) =>
        new(new QueryRoute(endpoint), false, [.. parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))]);

    private static async Task<(int Status, string Body, HttpResponse Response)> ForwardAsync(QueryProxy proxy, QueryRequest request)
    {
        var ctx = new DefaultHttpContext();
        var body = new MemoryStream();
        ctx.Response.Body = body;
        await proxy.ForwardAsync(request, ctx.Response, CancellationToken.None);
        return (ctx.Response.StatusCode, Encoding.UTF8.GetString(body.ToArray()), ctx.Response);
    }

    private static void AssertError(string body, string errorType, string error)
    {
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("error", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(errorType, doc.RootElement.GetProperty("errorType").GetString());
        Assert.Equal(error, doc.RootElement.GetProperty("error").GetString());
    }

    private sealed class BreakingStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("connection reset");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("connection reset"));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromException<int>(new IOException("connection reset"));
    }
}
