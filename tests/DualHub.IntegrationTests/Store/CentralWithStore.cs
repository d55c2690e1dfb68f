using System.Globalization;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Store;

/// <summary>A real CentralHub (<c>dualhub hub</c>, central role) from a YAML body, on a free loopback port.</summary>
internal static class CentralWithStore
{
    public static async Task<(ExternalProcess Process, string Url)> StartAsync(string dir, string yaml)
    {
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var config = Path.Combine(dir, "central.yml");
        await File.WriteAllTextAsync(config, "role: central\n" + yaml);
        var central = DualHubProcess.Start(["hub", "--config", config, "--listen", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--data", Path.Combine(dir, "central")]);
        await central.WaitForHttpOkAsync(url + "/-/ready", TimeSpan.FromSeconds(60));
        return (central, url);
    }

    /// <summary>One sample of each of <paramref name="series"/> series <c>NAME{i="0".."n-1"}</c>, value <paramref name="value"/> at <paramref name="timestampMs"/>.</summary>
    public static WriteRequest Samples(string name, int series, double value, long timestampMs)
    {
        var request = new WriteRequest();
        for (var i = 0; i < series; i++)
        {
            request.Series.Add(new TimeSeries
            {
                Labels = [new Label("__name__", name), new Label("i", i.ToString(CultureInfo.InvariantCulture))],
                Samples = [new Sample(value, timestampMs)],
            });
        }

        return request;
    }
}
