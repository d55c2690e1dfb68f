using System.Text;
using System.Text.Json;
using DualHub.Hub.Http;
using DualHub.Hub.Query;
using DualHub.Hub.Tests.Query;
using Microsoft.AspNetCore.Http;

namespace DualHub.Hub.Tests.Http;

public sealed class QueryEndpointsTests
{
    [Fact]
    public async Task View_queries_beyond_max_concurrent_get_503_unavailable_at_once_and_the_slot_comes_back()
    {
        var endpoints = new QueryEndpoints(OneSeriesView.Create(), null, maxConcurrent: 1);
        var held = new HeldStream();
        var first = endpoints.HandleAsync(Get(held), new QueryRoute(QueryEndpoint.Query));
        await held.Writing.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var refused = new MemoryStream();
        var second = Get(refused);
        await endpoints.HandleAsync(second, new QueryRoute(QueryEndpoint.Query));

        Assert.Equal(503, second.Response.StatusCode);
        using (var doc = JsonDocument.Parse(refused.ToArray()))
        {
            Assert.Equal("unavailable", doc.RootElement.GetProperty("errorType").GetString());
            Assert.Equal("too many concurrent queries (query.max_concurrent is 1)", doc.RootElement.GetProperty("error").GetString());
        }

        held.Release.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(30));
        var answered = new MemoryStream();
        var third = Get(answered);
        await endpoints.HandleAsync(third, new QueryRoute(QueryEndpoint.Query));
        Assert.Equal(200, third.Response.StatusCode);
        Assert.Contains("\"status\":\"success\"", Encoding.UTF8.GetString(answered.ToArray()), StringComparison.Ordinal);
    }

    private static DefaultHttpContext Get(Stream body)
    {
        var ctx = new DefaultHttpContext();
        ctx.Request.Method = "GET";
        ctx.Request.QueryString = new QueryString("?query=m");
        ctx.Response.Body = body;
        return ctx;
    }

    /// <summary>A response body whose write waits until the test lets it finish: a query holding its slot.</summary>
    private sealed class HeldStream : MemoryStream
    {
        public TaskCompletionSource Writing { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writing.TrySetResult();
            await Release.Task;
            await base.WriteAsync(buffer, cancellationToken);
        }
    }
}
