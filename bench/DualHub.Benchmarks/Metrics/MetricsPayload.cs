using System.Buffers;
using System.Globalization;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;

namespace DualHub.Benchmarks.Metrics;

/// <summary>A push-sized payload: families of 50 series each (counters, gauges, and histograms of 10 buckets).</summary>
internal static class MetricsPayload
{
    public static List<MetricFamily> Create(int series)
    {
        var families = new List<MetricFamily>();
        var random = new Random(42);
        var count = 0;
        for (var f = 0; count < series; f++)
        {
            var type = (f % 3) switch
            {
                0 => MetricType.Counter,
                1 => MetricType.Gauge,
                _ => MetricType.Histogram,
            };
            var name = type == MetricType.Counter ? $"app_requests_{f}_total" : $"app_metric_{f}";
            var family = new MetricFamily(name, type) { Help = $"Benchmark family {f}." };
            for (var s = 0; s < 50 && count < series; s++)
            {
                var metric = new Metric
                {
                    Labels =
                    [
                        new("code", (200 + (s % 5)).ToString(CultureInfo.InvariantCulture)),
                        new("instance", "host-" + (s % 7).ToString(CultureInfo.InvariantCulture) + ":9100"),
                        new("job", "bench"),
                        new("path", "/api/v1/items/" + s.ToString(CultureInfo.InvariantCulture)),
                    ],
                    Value = Math.Round(random.NextDouble() * 1e6, 3),
                };
                if (type == MetricType.Histogram)
                {
                    double cumulative = 0;
                    metric.Buckets = [.. new[] { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, double.PositiveInfinity }
                        .Select(b => new Bucket(b, cumulative += random.Next(100)))];
                    metric.Count = cumulative;
                    metric.Sum = Math.Round(random.NextDouble() * 1e4, 4);
                    count += 12;
                }
                else
                {
                    count++;
                }

                family.Metrics.Add(metric);
            }

            families.Add(family);
        }

        return families;
    }

    public static byte[] Serialize(List<MetricFamily> families, Action<IBufferWriter<byte>, IEnumerable<MetricFamily>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer, families);
        return buffer.WrittenSpan.ToArray();
    }
}
