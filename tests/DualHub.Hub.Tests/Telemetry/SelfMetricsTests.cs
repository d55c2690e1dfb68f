using DualHub.Hub.Options;
using DualHub.Hub.Push.Store;
using DualHub.Hub.Telemetry;

namespace DualHub.Hub.Tests.Telemetry;

public sealed class SelfMetricsTests
{
    [Fact]
    public void Invented_request_methods_share_one_series_so_a_client_cannot_grow_the_request_counter()
    {
        var self = new SelfMetrics(HubRole.Edge, 0);
        self.CountRequest(200, "push", "PUT");
        self.CountRequest(200, "push", "PUT");
        for (var i = 0; i < 1000; i++)
        {
            self.CountRequest(405, "push", "FOO" + i);
        }

        var requests = self.Collect(new PushStore(SelfMetrics.Families), 0).Single(f => f.Name == "dualhub_http_requests_total");

        var byMethod = requests.Metrics.ToDictionary(m => m.Labels.Single(l => l.Name == "method").Value, m => m.Value);
        Assert.Equal(new Dictionary<string, double> { ["put"] = 2, ["unknown"] = 1000 }, byMethod);
    }
}
