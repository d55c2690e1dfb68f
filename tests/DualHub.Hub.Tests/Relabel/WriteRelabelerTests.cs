using DualHub.Hub.SampleJournal;
using DualHub.Hub.Tests.SampleJournal;
using DualHub.Hub.Upstreams;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Tests.Relabel;

/// <summary>write_relabel_configs over journaled entries.</summary>
public sealed class WriteRelabelerTests
{
    private static readonly IReadOnlyList<Hub.Relabel.RelabelRule> Rules = RelabelRules.Parse("""
        - {source_labels: [__name__], regex: 'go_.*', action: drop}
        - {source_labels: [instance], regex: '(.*):.*', target_label: host}
        - {regex: instance, action: labeldrop}
        """);

    [Fact]
    public void Series_are_relabeled_or_left_out_and_their_samples_kept_bit_for_bit()
    {
        using var b = new SampleBatchBuilder();
        b.Add("up", [new Label("instance", "h:1"), new Label("job", "j")], 1000, 1);
        b.Add("go_goroutines", [new Label("instance", "h:1")], 1000, 7);
        b.Add("up", [new Label("instance", "h:2"), new Label("job", "j")], 2000, double.NaN);

        var relabeled = new WriteRelabeler(Rules).Apply(b.Written.Span);

        Assert.Equal(
            [
                new WireSample("{__name__=\"up\",host=\"h\",job=\"j\"}", 1000, BitConverter.DoubleToInt64Bits(1)),
                new WireSample("{__name__=\"up\",host=\"h\",job=\"j\"}", 2000, BitConverter.DoubleToInt64Bits(double.NaN)),
            ],
            WireSample.Decode(relabeled));
    }
}
