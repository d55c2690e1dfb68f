using CsCheck;
using DualHub.Metrics.Durations;

namespace DualHub.Metrics.Tests.Durations;

public class DurationRoundTripTests
{
    // Go's time.Duration range in TimeSpan ticks.
    private static readonly Gen<TimeSpan> s_goRange = Gen.Frequency(
        (4, Gen.Long[-long.MaxValue / 100, long.MaxValue / 100]),
        (4, Gen.Long[-100_000_000_000, 100_000_000_000]),
        (1, Gen.OneOfConst(0L, 1L, -1L, 10_000L, long.MaxValue / 100, long.MinValue / 100))).Select(TimeSpan.FromTicks);

    [Fact]
    public void Go_format_parses_back_to_the_same_value() =>
        s_goRange.Sample(t =>
        {
            var text = DurationText.Format(t, DurationSyntax.Go);
            return DurationText.TryParse(text, DurationSyntax.Go, out var back) && back == t;
        });

    [Fact]
    public void Prometheus_format_parses_back_to_the_same_whole_milliseconds() =>
        Gen.Frequency(
                (4, Gen.Long[0, long.MaxValue / 1_000_000]),
                (4, Gen.Long[0, 10_000_000_000]),
                (1, Gen.OneOfConst(0L, 1L, 60_000L, 86_400_000L, long.MaxValue / 1_000_000)))
            .Select(TimeSpan.FromMilliseconds)
            .Sample(t =>
            {
                var text = DurationText.Format(t, DurationSyntax.Prometheus);
                return DurationText.TryParse(text, DurationSyntax.Prometheus, out var back) && back == t;
            });

    [Fact]
    public void Seconds_format_parses_back_to_the_same_value() =>
        Gen.Long[0, long.MaxValue / 100].Select(TimeSpan.FromTicks).Sample(t =>
            DurationText.TryParse(DurationText.Format(t, DurationSyntax.Seconds), DurationSyntax.Seconds, out var back) && back == t);

    [Fact]
    public void Prometheus_strings_built_from_parts_parse_to_the_sum_of_the_parts()
    {
        string[] units = ["y", "w", "d", "h", "m", "s", "ms"];
        long[] ms = [31_536_000_000, 604_800_000, 86_400_000, 3_600_000, 60_000, 1_000, 1];
        Gen.Int[0, 99].Array[units.Length].Select(Gen.Bool.Array[units.Length], (n, used) => (n, used)).Sample(p =>
        {
            var text = string.Concat(units.Select((u, i) => p.used[i] ? $"{p.n[i]}{u}" : string.Empty));
            var expected = units.Select((_, i) => p.used[i] ? p.n[i] * ms[i] : 0).Sum();
            var ok = DurationText.TryParse(text, DurationSyntax.Prometheus, out var d);
            return text.Length == 0 ? !ok : ok && d == TimeSpan.FromMilliseconds(expected);
        });
    }

    [Fact]
    public void No_input_throws_and_only_valid_text_parses()
    {
        const DurationSyntax all = DurationSyntax.Go | DurationSyntax.Prometheus | DurationSyntax.Seconds;
        Gen.String[Gen.Char["0123456789.+-smhdwyunµμ x"], 0, 24].Sample(text =>
        {
            var ok = DurationText.TryParse(text, all, out var d);
            var same = DurationText.TryParse(text, DurationSyntax.Go, out var g)
                || DurationText.TryParse(text, DurationSyntax.Prometheus, out g)
                || DurationText.TryParse(text, DurationSyntax.Seconds, out g);
            return ok == same && (!ok || d == g);
        });
    }
}
