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

    private ExternalProcess? _process;

    public ExternalProcess Process => _process ?? throw new InvalidOperationException("the hub process was not started");

    public string DataDir { get; }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static Task<HubInstance> StartAsync(params string[] extraArgs) => StartAsync(TempDir.Create(), extraArgs);

    /// <summary>A hub with <paramref name="yaml"/> as its config file (kept in its directory, deleted with it).</summary>
    public static async Task<HubInstance> StartWithConfigAsync(string yaml, params string[] extraArgs)
    {
        var dir = TempDir.Create();
        var config = Path.Combine(dir, "hub.yml");
        await File.WriteAllTextAsync(config, yaml);
        return await StartAsync(dir, ["--config", config, .. extraArgs]);
    }

    private static async Task<HubInstance> StartAsync(string dir, string[] extraArgs)
    {
        var hub = new HubInstance(dir, FreePort.Next(), extraArgs);
        try
        {
            await hub.StartProcessAsync();
            return hub;
        }
        catch
        {
            // A hub that never got ready is stopped and its directory deleted before the failure goes up.
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the process (again) on the same port and data directory; returns when <c>/-/ready</c> answers.</summary>
    public async Task StartProcessAsync()
    {
        _process = DualHubProcess.Start(["hub", "--listen", $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}", "--data", Path.Combine(DataDir, "data"), .. _extraArgs]);
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
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        TempDir.Delete(DataDir);
    }
}
