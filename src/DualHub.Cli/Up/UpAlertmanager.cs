using System.Globalization;

namespace DualHub.Cli.Up;

/// <summary>
/// Alertmanager 0.25 (Debian <c>prometheus-alertmanager</c>) on MainPC at <see cref="Port"/> (the plan's 9093, shifted
/// like every port of <c>up</c>): one instance, so its gossip port is off; its config is
/// <see cref="AlertmanagerConfigRenderer"/>'s, its silences and notification log under its storage path.
/// </summary>
internal sealed record UpAlertmanager(int Port)
{
    public const string Name = "alertmanager";

    public const string ConfigFileName = "alertmanager.yml";

    public const int PlanPort = 9093;

    public IReadOnlyList<string> Arguments(string host, string configPath, string storagePath) =>
    [
        $"--config.file={configPath}",
        $"--storage.path={storagePath}",
        $"--web.listen-address={host}:{Port.ToString(CultureInfo.InvariantCulture)}",
        // Empty = no cluster: otherwise it opens a gossip port on every interface.
        "--cluster.listen-address=",
    ];

    public Uri BaseUrl(string host) => new($"http://{host}:{Port.ToString(CultureInfo.InvariantCulture)}");

    public Uri HealthUrl(string host) => new(BaseUrl(host), "/-/ready");
}
