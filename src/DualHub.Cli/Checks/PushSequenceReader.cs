using System.Globalization;
using System.Text.RegularExpressions;
using DualHub.Cli.Up;

namespace DualHub.Cli.Checks;

/// <summary>Reads each agent's <c>dualhub_push_sequence</c> from a hub's <c>/metrics</c>: how drills see which batch a hub holds.</summary>
internal sealed partial class PushSequenceReader(HttpClient http)
{
    /// <summary>Sequence per agent job; missing when the hub holds no push of that agent (or does not answer).</summary>
    public async Task<Dictionary<string, long>> ReadAsync(Uri hub, IReadOnlyList<UpAgent> agents, CancellationToken ct)
    {
        var result = new Dictionary<string, long>();
        string text;
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(1));
            text = await http.GetStringAsync(new Uri(hub, "/metrics"), cts.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return result;
        }

        foreach (Match m in SequenceLine().Matches(text))
        {
            var labels = m.Groups["labels"].Value;
            foreach (var a in agents)
            {
                if (labels.Contains($"job=\"{a.Job}\"", StringComparison.Ordinal) && labels.Contains($"instance=\"{a.Instance}\"", StringComparison.Ordinal)
                    && double.TryParse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    result[a.Job] = (long)v;
                }
            }
        }

        return result;
    }

    [GeneratedRegex(@"(?m)^dualhub_push_sequence\{(?<labels>[^}]*)\} (?<value>\S+)$")]
    private static partial Regex SequenceLine();
}
