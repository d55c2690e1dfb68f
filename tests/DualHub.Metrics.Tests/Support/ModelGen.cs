using CsCheck;
using DualHub.Metrics.Model;

namespace DualHub.Metrics.Tests.Support;

/// <summary>CsCheck generators of metric families that every format can represent exactly.</summary>
internal static class ModelGen
{
    private static readonly string[] s_labelNames = ["a", "code", "instance", "job", "path", "x_y", "_u", "Zeta"];

    private static readonly Gen<string> s_text = Gen.Frequency(
        (6, Gen.String[Gen.Char["abcXYZ019 _-./:\"\\\n{}=,#\täé€"], 0, 12]),
        (1, Gen.OneOfConst("", "😀 emoji", "line1\nline2", "quote\"back\\slash", "# {not=\"exemplar\"}")));

    private static readonly Gen<double> s_value = Gen.Frequency(
        (8, Gen.Double[-1e6, 1e6]),
        (3, Gen.Double),
        (2, Gen.OneOfConst(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, 1.0, -1.0, 1e300, 5e-324, 0.1, 1e6)));

    private static readonly Gen<double> s_count = Gen.Frequency(
        (4, Gen.Long[0, 1_000_000].Select(static l => (double)l)),
        (1, Gen.Long[0, 1L << 53].Select(static l => (double)l)));

    private static readonly Gen<long?> s_timestamp = Gen.Frequency(
        (3, Gen.Const((long?)null)),
        (1, Gen.Long[-10_000_000_000_000, 10_000_000_000_000].Select(static l => (long?)l)));

    private static readonly Gen<Label[]> s_labels = Gen.Select(Gen.Shuffle(s_labelNames, 0, 4), s_text.Array[4])
        .Select(static (names, values) => names.Select((n, i) => new Label(n, values[i])).ToArray());

    /// <summary>Families with unique names and unique label sets per family.</summary>
    public static Gen<List<MetricFamily>> Families(MetricType[] types, bool withCreated) =>
        Gen.Select(Gen.OneOfConst(types), s_text, s_labels.Array[0, 4], Gen.Int[0, 3], Gen.Int[0, 99999])
            .SelectMany((type, help, labelSets, quantiles, salt) =>
                Metric(type, withCreated, quantiles).Array[labelSets.Length].Select(metrics =>
                    (type, help, labelSets, metrics, salt)))
            .List[0, 6]
            .Select(static list =>
            {
                var result = new List<MetricFamily>();
                for (var i = 0; i < list.Count; i++)
                {
                    var (type, help, labelSets, metrics, salt) = list[i];
                    var name = $"m{i}_{salt}x" + (type == MetricType.Counter ? "_total" : string.Empty);
                    var family = new MetricFamily(name, type) { Help = help };
                    for (var k = 0; k < metrics.Length; k++)
                    {
                        // A "series" label keeps label sets unique inside the family.
                        metrics[k].Labels = [.. labelSets[k].Append(new Label("series", k.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                            .OrderBy(static l => l.Name, StringComparer.Ordinal)];
                        family.Metrics.Add(metrics[k]);
                    }

                    result.Add(family);
                }

                return result;
            });

    private static Gen<Metric> Metric(MetricType type, bool withCreated, int quantiles)
    {
        var created = withCreated && type is MetricType.Counter or MetricType.Summary or MetricType.Histogram
            ? Gen.Frequency((1, Gen.Const((double?)null)), (1, Gen.Long[0, 4_000_000_000].Select(static l => (double?)(l / 2.0))))
            : Gen.Const((double?)null);
        return type switch
        {
            MetricType.Summary => Gen.Select(Gen.Double[0, 1].Array[quantiles], s_value.Array[quantiles], s_value, s_count, s_timestamp, created)
                .Select(static (qs, vs, sum, count, ts, c) => new Metric
                {
                    Quantiles = [.. qs.Select((q, i) => new Quantile(q, vs[i]))],
                    Sum = sum,
                    Count = count,
                    TimestampMs = ts,
                    Created = c,
                }),
            MetricType.Histogram or MetricType.GaugeHistogram => Gen.Select(Gen.Double[-1000, 1000].Array[0, 4], s_count.Array[5], s_value, s_timestamp, created)
                .Select(static (bounds, counts, sum, ts, c) =>
                {
                    var sorted = bounds.Distinct().Order().Append(double.PositiveInfinity).ToArray();
                    var cumulative = counts.Take(sorted.Length).Order().ToArray();
                    return new Metric
                    {
                        Buckets = [.. sorted.Select((b, i) => new Bucket(b, cumulative[i]))],
                        Sum = sum,
                        Count = cumulative[^1],
                        TimestampMs = ts,
                        Created = c,
                    };
                }),
            _ => Gen.Select(s_value, s_timestamp, created).Select(static (v, ts, c) => new Metric { Value = v, TimestampMs = ts, Created = c }),
        };
    }
}
