using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Scrape;
using DualHub.Metrics.Text;

namespace DualHub.Benchmarks.Scrape;

/// <summary>
/// Bytes the scrape cache keeps per series, and the time of a steady-state scrape cycle, for the edge benchmark's
/// target (bench/edge-compare.py): the cycle is the scrape loop's (the body fed in 48 KiB pieces of whole lines,
/// records of 2 MiB), and the retained bytes are the GC heap after a full blocking collection minus the heap before
/// the cache was made; "replaced MB" is what its growth left to the GC (the scrape loop collects after 8 MiB);
/// "allocated" is per steady-state cycle (the parser's per-scrape objects; nothing per sample).
/// Usage: <c>scrape-cache-memory [series ...]</c> (default 100000 200000).
/// </summary>
internal static class ScrapeCacheMemory
{
    private const int Cycles = 30;

    public static int Run(string[] args)
    {
        var counts = args.Length == 0 ? [100_000, 200_000] : args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        Console.WriteLine("series  retained bytes  bytes/series  cycle ms (median, min of " + (Cycles - 2) + ")  first scrape ms  replaced MB  allocated B/cycle");
        Measure(counts[0]); // warm-up: the cycle's code reaches its final tier before anything is timed
        var retained = new List<(int Series, long Bytes)>();
        foreach (var series in counts)
        {
            var (bytes, cycleMs, minMs, firstMs, replaced, allocated) = Measure(series);
            retained.Add((series, bytes));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{series,6}  {bytes,14:N0}  {bytes / (double)series,12:F1}  {cycleMs,20:F1} {minMs,11:F1}  {firstMs,15:F1}  {replaced / 1048576.0,11:F1}  {allocated,17:N0}"));
        }

        for (var i = 1; i < retained.Count; i++)
        {
            var (s0, b0) = retained[i - 1];
            var (s1, b1) = retained[i];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"marginal {s0} -> {s1}: {(b1 - b0) / (double)(s1 - s0):F1} bytes per added series"));
        }

        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (long Bytes, double CycleMs, double MinMs, double FirstMs, long Replaced, long Allocated) Measure(int series)
    {
        var body = EdgeRecord.Body(series);
        using var batch = new SampleBatchBuilder(4 << 20);
        var before = Collect();
        using var cache = new ScrapeSeriesCache(EdgeRecord.Target());
        var times = new List<double>();
        var ts = 1_700_000_000_000L;
        long allocatedBefore = 0;
        for (var i = 0; i < Cycles; i++)
        {
            if (i == 2)
            {
                allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            }

            var sw = Stopwatch.StartNew();
            Scrape(cache, batch, body, ts);
            times.Add(sw.Elapsed.TotalMilliseconds);
            ts += 10_000;
        }

        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (Cycles - 2);
        var after = Collect();
        GC.KeepAlive(cache);
        var steady = times.Skip(2).Order().ToList();
        return (after - before, steady[steady.Count / 2], steady[0], times[0], cache.ReallocatedBytes, allocated);
    }

    private static long Collect()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>One scrape as ScrapeLoop does it, with the journal append left out.</summary>
    private static void Scrape(ScrapeSeriesCache cache, SampleBatchBuilder batch, byte[] body, long ts)
    {
        const int piece = 48 * 1024;
        batch.Reset();
        cache.BeginScrape(ts);
        var parser = new TextStreamParser(cache);
        var start = 0;
        while (body.Length - start > piece)
        {
            var end = start + body.AsSpan(start, piece).LastIndexOf((byte)'\n') + 1;
            parser.Feed(body.AsSpan(start, end - start));
            start = end;
        }

        parser.Complete(body.AsSpan(start));
        cache.CollectStale(ts);
        while (cache.WriteOutput(batch, 2 << 20))
        {
            batch.Reset();
        }

        cache.Finish();
    }
}
