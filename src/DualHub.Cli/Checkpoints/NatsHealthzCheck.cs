using System.Globalization;

namespace DualHub.Cli.Checkpoints;

/// <summary>Every NATS server answers 200 on its monitoring <c>/healthz</c> (JetStream included).</summary>
internal sealed class NatsHealthzCheck(IReadOnlyList<(string Name, string MonitorUrl)> servers, HttpClient http) : ICheck
{
    public string Name => "nats servers /healthz";

    public string Id => CheckIds.NatsHealthz;

    public string Target => "every NATS server's /healthz answers 200";

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        var answers = new List<string>();
        var healthy = 0;
        foreach (var (name, monitor) in servers)
        {
            using var response = await http.GetAsync(new Uri(new Uri(monitor), "/healthz"), ct);
            healthy += response.IsSuccessStatusCode ? 1 : 0;
            answers.Add($"{name} {(int)response.StatusCode}");
        }

        return new CheckResult(Name, servers.Count > 0 && healthy == servers.Count, $"/healthz: {string.Join(", ", answers)}")
        {
            Values = [new Measurement("healthy", healthy, "servers"), new Measurement("servers", servers.Count, "servers")],
        };
    }
}
