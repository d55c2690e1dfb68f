using System.Net;
using DualHub.Cli.Checkpoints;

namespace DualHub.Cli.Tests.Checkpoints;

public sealed class ReachableFirstCheckTests
{
    private static readonly Uri Central = new("http://10.0.0.5:9000/");
    private static readonly Uri Edge = new("http://10.0.0.6:9100/");

    [Fact]
    public async Task A_check_whose_component_does_not_answer_fails_without_running_and_names_the_url_and_error()
    {
        using var http = new HttpClient(new StubHandler(u => u == Edge ? throw new HttpRequestException("Connection refused (10.0.0.6:9100)") : new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)));
        var ran = false;
        var inner = new DelegateCheck("forwarding lag edge -> central", _ =>
        {
            ran = true;
            return Task.FromResult((true, "ran"));
        }).Describe(CheckIds.ForwardingLag, "every probe on central within 5000 ms");

        var result = await inner.Needing(new Reachability(http, TimeSpan.FromSeconds(3)), Central, Edge).RunAsync(CancellationToken.None);

        Assert.False(ran);
        Assert.False(result.Passed);
        Assert.Equal("unreachable: http://10.0.0.6:9100/: Connection refused (10.0.0.6:9100)", result.Measured);
        Assert.Equal(CheckIds.ForwardingLag, result.Id);
        Assert.Equal("every probe on central within 5000 ms", result.Target);
    }

    [Fact]
    public async Task A_component_that_answers_any_status_runs_the_check_and_is_probed_once()
    {
        var probes = 0;
        using var http = new HttpClient(new StubHandler(_ =>
        {
            Interlocked.Increment(ref probes);
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        }));
        var reachability = new Reachability(http, TimeSpan.FromSeconds(3));
        var check = new DelegateCheck("x", _ => Task.FromResult((true, "ran")));

        var first = await check.Needing(reachability, Central).RunAsync(CancellationToken.None);
        var second = await check.Needing(reachability, Central).RunAsync(CancellationToken.None);

        Assert.Equal("ran", first.Measured);
        Assert.Equal("ran", second.Measured);
        Assert.Equal(1, probes);
    }

    [Fact]
    public async Task A_component_that_accepts_but_never_answers_is_unreachable_after_the_probe_deadline()
    {
        using var http = new HttpClient(new HangingHandler());
        var check = new DelegateCheck("x", _ => Task.FromResult((true, "ran")));

        var result = await check.Needing(new Reachability(http, TimeSpan.FromMilliseconds(50)), Central).RunAsync(CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Equal("unreachable: http://10.0.0.5:9000/: no answer within 0.05 s", result.Measured);
    }

    private sealed class StubHandler(Func<Uri, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request.RequestUri!));
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
