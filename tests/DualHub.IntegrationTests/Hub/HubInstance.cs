using System.Globalization;
using System.Text.Json;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Hub;

/// <summary>A real <c>dualhub hub</c> process on a free loopback port with its own data directory (kept across restarts).</summary>
internal sealed class HubInstance : IAsyncDisposable
{
    private readonly string[] _extraArgs;

    private HubInstance(string dataDir, int port, string[] extraArgs)
    {
        DataDir = dataDir;
        Port = port;
        _extraArgs = extraArgs;
    }

    public ExternalProcess Process { get; private set; } = null!;

    public string DataDir { get; }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<HubInstance> StartAsync(params string[] extraArgs)
    {
        var hub = new HubInstance(TempDir.Create(), FreePort.Next(), extraArgs);
        await hub.StartProcessAsync();
        return hub;
    }

    /// <summary>Starts the process (again) on the same port and data directory; returns when <c>/-/ready</c> answers.</summary>
    public async Task StartProcessAsync()
    {
        Process = DualHubProcess.Start(["hub", "--listen", $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}", "--data", Path.Combine(DataDir, "data"), .. _extraArgs]);
        await Process.WaitForHttpOkAsync(Url + "/-/ready", TimeSpan.FromSeconds(60));
    }

    public async Task KillAsync()
    {
        Process.Signal(9);
        await Process.WaitForExitAsync();
        await Process.DisposeAsync();
    }

    public async Task<JsonElement> HealthAsync(HttpClient http)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(Url + "/health")));
        return doc.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        TempDir.Delete(DataDir);
    }
}
