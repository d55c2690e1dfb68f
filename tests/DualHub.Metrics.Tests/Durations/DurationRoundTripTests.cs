using System.Globalization;
using System.Text.RegularExpressions;
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

    // Oracles: the grammars as regular expressions (prometheus/common's own regex; Go's documented grammar), on short
    // numbers so that range limits do not come into it.
    private static readonly Regex s_prometheusGrammar = new(@"^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$", RegexOptions.CultureInvariant);
    private static readonly Regex s_goGrammar = new(@"^[-+]?(0|(([0-9]+\.?[0-9]*|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$", RegexOptions.CultureInvariant);
    private static readonly Regex s_goPart = new(@"([0-9]*\.?[0-9]*)(ns|us|µs|μs|ms|s|m|h)", RegexOptions.CultureInvariant);
    private static readonly Gen<string> s_durationLike = Gen.Frequency(
        (3, Gen.String[Gen.Char["0123456789.+-smhdwyunµμ x"], 0, 12]),
        (3, Gen.Select(Gen.OneOfConst("", "-", "+"), Gen.Select(Gen.Int[0, 999], Gen.OneOfConst("", ".", ".5", "."), Gen.OneOfConst("y", "w", "d", "h", "m", "s", "ms", "us", "µs", "ns", "", "x"), (n, f, u) => $"{n}{f}{u}").Array[1, 4], (sign, parts) => sign + string.Concat(parts))));

    [Fact]
    public void Prometheus_accepts_exactly_what_its_regex_accepts_within_range() =>
        s_durationLike.Sample(text =>
        {
            var ok = DurationText.TryParse(text, DurationSyntax.Prometheus, out var d);
            var m = s_prometheusGrammar.Match(text);
            if (text == "0")
            {
                return ok && d == TimeSpan.Zero;
            }

            if (text.Length == 0 || !m.Success)
            {
                return !ok;
            }

            decimal[] ms = [31_536_000_000m, 604_800_000m, 86_400_000m, 3_600_000m, 60_000m, 1_000m, 1m];
            var total = ms.Select((mult, i) => m.Groups[(2 * i) + 2].Success ? decimal.Parse(m.Groups[(2 * i) + 2].Value, CultureInfo.InvariantCulture) * mult : 0m).Sum();
            return total * 1_000_000m > long.MaxValue ? !ok : ok && d == TimeSpan.FromTicks((long)(total * 10_000m));
        });

    [Fact]
    public void Go_accepts_exactly_what_its_grammar_accepts_within_range() =>
        s_durationLike.Sample(text =>
        {
            var ok = DurationText.TryParse(text, DurationSyntax.Go, out var d);
            if (!s_goGrammar.IsMatch(text))
            {
                return !ok;
            }

            var negative = text.StartsWith('-');
            var nanos = s_goPart.Matches(text).Sum(p => decimal.Parse(p.Groups[1].Value.EndsWith('.') ? p.Groups[1].Value + "0" : p.Groups[1].Value, CultureInfo.InvariantCulture) * GoUnit(p.Groups[2].Value));
            if (nanos > (negative ? 9_223_372_036_854_775_808m : long.MaxValue))
            {
                return !ok;
            }

            // Go multiplies fractions in floating point: allow one tick either way.
            var ticks = (long)decimal.Truncate(nanos / 100) * (negative ? -1 : 1);
            return ok && Math.Abs(d.Ticks - ticks) <= 1;
        });

    private static decimal GoUnit(string unit) => unit switch
    {
        "ns" => 1m,
        "us" or "µs" or "μs" => 1_000m,
        "ms" => 1_000_000m,
        "s" => 1_000_000_000m,
        "m" => 60_000_000_000m,
        _ => 3_600_000_000_000m,
    };

    [Fact]
    public void Combined_flags_accept_the_union_and_no_input_throws()
    {
        const DurationSyntax all = DurationSyntax.Go | DurationSyntax.Prometheus | DurationSyntax.Seconds;
        s_durationLike.Sample(text =>
        {
            var ok = DurationText.TryParse(text, all, out var d);
            var any = DurationText.TryParse(text, DurationSyntax.Prometheus, out var g)
                || DurationText.TryParse(text, DurationSyntax.Go, out g)
                || DurationText.TryParse(text, DurationSyntax.Seconds, out g);
            return ok == any && (!ok || d == g);
        });
    }
}
