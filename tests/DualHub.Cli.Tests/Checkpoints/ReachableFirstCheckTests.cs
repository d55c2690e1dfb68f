using System.Net;
using DualHub.Cli.Checkpoints;
using Microsoft.Extensions.Time.Testing;

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

        var result = await inner.Needing(new Reachability(http, TimeSpan.FromSeconds(3), TimeProvider.System), Central, Edge).RunAsync(CancellationToken.None);

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
        var reachability = new Reachability(http, TimeSpan.FromSeconds(3), TimeProvider.System);
        var check = new DelegateCheck("x", _ => Task.FromResult((true, "ran")));

        var first = await check.Needing(reachability, Central).RunAsync(CancellationToken.None);
        var second = await check.Needing(reachability, Central).RunAsync(CancellationToken.None);

        Assert.Equal("ran", first.Measured);
        Assert.Equal("ran", second.Measured);
        Assert.Equal(1, probes);
    }

    [Fact]
    public async Task A_component_that_accepts_but_never_answers_is_unreachable_when_the_probe_deadline_passes_on_the_clock()
    {
        using var http = new HttpClient(new HangingHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        var clock = new FakeTimeProvider();
        var check = new DelegateCheck("x", _ => Task.FromResult((true, "ran")));

        // Ten minutes on the given clock: only that clock can end the probe within this test's wait.
        var run = check.Needing(new Reachability(http, TimeSpan.FromMinutes(10), clock), Central).RunAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.False(run.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(result.Passed);
        Assert.Equal("unreachable: http://10.0.0.5:9000/: no answer within 600 s", result.Measured);
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
