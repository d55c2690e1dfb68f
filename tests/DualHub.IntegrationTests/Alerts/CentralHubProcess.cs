using System.Globalization;
using DualHub.IntegrationTests.Nats;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Alerts;

/// <summary>A real CentralHub (<c>dualhub hub</c>, role central) on MainPC's NATS server of a test deployment.</summary>
internal static class CentralHubProcess
{
    /// <summary>Starts it on <paramref name="host"/> with <paramref name="configYaml"/> and waits until it is ready.</summary>
    public static async Task<(ExternalProcess Process, string Url)> StartAsync(NatsTestDeployment d, string host, string configYaml, TimeSpan wait)
    {
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var config = Path.Combine(d.Directory, "central.yml");
        await File.WriteAllTextAsync(config, configYaml);
        var p = DualHubProcess.Start(["hub", "--config", config, "--listen", $"{host}:{port}", "--data", Path.Combine(d.Directory, "central"), "--nats", d["mainpc"].ClientUrl, "--node", "mainpc"]);
        var url = $"http://{host}:{port}";
        try
        {
            await p.WaitForHttpOkAsync(url + "/-/ready", wait);
        }
        catch
        {
            await p.DisposeAsync();
            throw;
        }

        return (p, url);
    }
}
