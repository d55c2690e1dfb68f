using DualHub.Testing;

namespace DualHub.IntegrationTests.Hub;

/// <summary>Python prometheus_client's push functions against a real hub.</summary>
public sealed class PythonClientTests
{
    private const string Script = """
        import sys
        from prometheus_client import CollectorRegistry, Counter, Gauge, push_to_gateway, pushadd_to_gateway, delete_from_gateway
        url = sys.argv[1]
        key = {"instance": "host 1", "path": "/var/x"}
        reg = CollectorRegistry()
        Gauge("job_last_success_unixtime", "Last success.", ["stage"], registry=reg).labels("load").set(42)
        push_to_gateway(url, job="batch", registry=reg, grouping_key=key)
        reg2 = CollectorRegistry()
        Counter("items", "Items processed.", registry=reg2).inc(5)
        pushadd_to_gateway(url, job="batch", registry=reg2, grouping_key=key)
        push_to_gateway(url, job="other", registry=reg)
        delete_from_gateway(url, job="other")
        print("done")
        """;

    [Fact]
    public async Task Push_pushadd_and_delete_from_prometheus_client_work()
    {
        await using var hub = await HubInstance.StartAsync();
        var dir = TempDir.Create();
        try
        {
            var script = Path.Combine(dir, "push.py");
            await File.WriteAllTextAsync(script, Script);
            await using var py = ExternalProcess.Start(Anchors.Python, [script, hub.Url], dir);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await py.WaitForExitAsync(cts.Token);
            Assert.True(py.ExitCode == 0, py.Output);

            using var http = new HttpClient();
            var series = await ExpositionSnapshot.PushedAsync(http, hub.Url);

            // client_python quotes values with quote_plus, so the space arrives as '+' and stays '+' (as with the Pushgateway);
            // the '/' in a value makes it use @base64.
            const string labels = "instance=\"host+1\",job=\"batch\",path=\"/var/x\"";
            Assert.Contains($"job_last_success_unixtime Gauge help=Last success. {{{labels},stage=\"load\"}} 42 count=0 sum=0", series);
            Assert.Contains($"items_total Counter help=Items processed. {{{labels}}} 5 count=0 sum=0", series);
            Assert.DoesNotContain(series, l => l.Contains("job=\"other\"", StringComparison.Ordinal));
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }
}
