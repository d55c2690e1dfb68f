using DualHub.Hub.SampleJournal;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Tests.Upstreams;

/// <summary>Journal records for the upstream tests.</summary>
internal static class JournalBatches
{
    /// <summary>Record <paramref name="i"/>: <paramref name="samples"/> series <c>m{k="0".."n-1"}</c> stamped 1_000_000 + i.</summary>
    public static byte[] Batch(int i, int samples)
    {
        using var b = new SampleBatchBuilder();
        for (var k = 0; k < samples; k++)
        {
            b.Add("m", [new Label("k", k.ToString(System.Globalization.CultureInfo.InvariantCulture))], 1_000_000 + i, i);
        }

        return b.Written.ToArray();
    }
}
