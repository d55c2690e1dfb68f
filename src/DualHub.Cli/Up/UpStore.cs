using System.Globalization;
using System.Text.RegularExpressions;

namespace DualHub.Cli.Up;

/// <summary>
/// CentralHub's long-term store on MainPC: VictoriaMetrics single node (Debian <c>victoria-metrics</c>) on
/// <see cref="Port"/> (the plan's 8428, shifted like every port of <c>up</c>), keeping samples for <see cref="Retention"/>.
/// It is fed only by CentralHub's <c>remote_write</c> from its journal, in order, so the newest samples need no
/// latency offset before queries show them.
/// </summary>
internal sealed partial record UpStore(int Port, string Retention)
{
    public const string Name = "store";

    public const string Kind = "store";

    public const int PlanPort = 8428;

    public const string DefaultRetention = "30d";

    /// <summary>The command line (after the executable) listening on <paramref name="host"/>, data under <paramref name="dataPath"/>.</summary>
    public IReadOnlyList<string> Arguments(string host, string dataPath) =>
    [
        $"-httpListenAddr={host}:{Port.ToString(CultureInfo.InvariantCulture)}",
        $"-storageDataPath={dataPath}",
        $"-retentionPeriod={Retention}",
        // The default (30 s) keeps the newest samples out of answers while scrapes may still add to them; central writes in order.
        "-search.latencyOffset=1s",
        // Central re-sends what was acknowledged just before a failure (its resend_window): drop exact duplicates.
        // Central's samples of one series have strictly increasing timestamps, so nothing else is merged.
        "-dedup.minScrapeInterval=1ms",
    ];

    /// <summary>What <c>up</c> writes to and queries: the single node serves both on one port.</summary>
    public StoreEndpoints Endpoints(string host) => StoreEndpoints.SingleNode(host + ":" + Port.ToString(CultureInfo.InvariantCulture));

    public Uri HealthUrl(string host) => new($"http://{host}:{Port.ToString(CultureInfo.InvariantCulture)}/health");

    /// <summary>VictoriaMetrics' <c>-retentionPeriod</c>: a number of months, or a number with h, d, w or y.</summary>
    public static bool IsRetention(string text) => RetentionSyntax().IsMatch(text);

    [GeneratedRegex("^[1-9][0-9]*[hdwy]?$")]
    private static partial Regex RetentionSyntax();
}
