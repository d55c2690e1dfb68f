using System.Globalization;

namespace DualHub.Cli.Up;

/// <summary>
/// vmalert (Debian <c>victoria-metrics</c>) on MainPC: evaluates the rule files matching <see cref="Rules"/> against
/// CentralHub's query API every <see cref="EvaluationInterval"/> and sends alerts to Alertmanager. Recording-rule
/// results and alert state are remote-written to CentralHub, so they reach the store through central's journal like
/// every other sample, and are read back through CentralHub's query API after a restart.
/// </summary>
internal sealed record UpVmalert(int Port, string Rules)
{
    public const string Name = "vmalert";

    public const string EvaluationInterval = "15s";

    public const int PlanPort = 8880;

    // vmalert's clients of CentralHub, by flag prefix.
    private static readonly string[] CentralClients = ["datasource", "remoteRead", "remoteWrite"];

    /// <summary>
    /// The command line (after the executable): listening on <paramref name="host"/>, CentralHub at <paramref name="central"/>;
    /// with <paramref name="secure"/> its datasource, remote read and remote write present the client certificate and
    /// basic auth (vmalert's own listener and its notifier URL stay plain: both are on MainPC's loopback).
    /// </summary>
    public IReadOnlyList<string> Arguments(string host, Uri central, Uri alertmanager, SecureMaterial? secure = null) =>
    [
        .. PlainArguments(host, central, alertmanager),
        .. secure is null ? [] : CentralClients.SelectMany(p => SecureConfigs.VmalertFlags(p, secure)),
    ];

    private IReadOnlyList<string> PlainArguments(string host, Uri central, Uri alertmanager) =>
    [
        $"-httpListenAddr={host}:{Port.ToString(CultureInfo.InvariantCulture)}",
        // vmalert expands the pattern itself; no match is a warning, not an error (rules may be added later, SIGHUP reads them).
        $"-rule={Rules}",
        $"-datasource.url={Base(central)}",
        $"-remoteRead.url={Base(central)}",
        $"-remoteWrite.url={Base(central)}",
        $"-notifier.url={Base(alertmanager)}",
        $"-evaluationInterval={EvaluationInterval}",
        $"-external.url=http://{host}:{Port.ToString(CultureInfo.InvariantCulture)}",
    ];

    public Uri HealthUrl(string host) => new($"http://{host}:{Port.ToString(CultureInfo.InvariantCulture)}/health");

    private static string Base(Uri url) => url.GetLeftPart(UriPartial.Authority);
}
