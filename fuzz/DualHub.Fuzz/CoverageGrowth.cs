using System.Globalization;
using System.Text.RegularExpressions;

namespace DualHub.Fuzz;

/// <summary>
/// When a run stopped finding code: replays the seeds, then AFL++'s queue in the order it was found (the <c>time:</c> in
/// each name, in ms), and prints when each input reached an edge (a branch, whatever its hit count) no earlier input
/// had. AFL++'s own path count also grows when a loop runs a new number of times; edges grow only with new code.
/// </summary>
internal static partial class CoverageGrowth
{
    public static int Run(FuzzCheck check, string seeds, string queue, TimeSpan window)
    {
        var coverage = new CoverageMap();
        var edges = new HashSet<int>();
        var tuples = new HashSet<int>();
        foreach (var file in Directory.EnumerateFiles(seeds))
        {
            Reach(coverage, check, file, edges, tuples);
        }

        var (seedEdges, seedTuples) = (edges.Count, tuples.Count);
        var found = Directory.EnumerateFiles(queue)
            .Select(f => (File: f, Ms: FoundAt(Path.GetFileName(f))))
            .Where(f => f.Ms >= 0)
            .OrderBy(f => f.Ms)
            .ToList();
        var lastEdge = -1L;
        var lastTuple = -1L;
        var newEdgeTimes = new List<long>();
        foreach (var (file, ms) in found)
        {
            var (e, t) = Reach(coverage, check, file, edges, tuples);
            if (e > 0)
            {
                lastEdge = ms;
                newEdgeTimes.Add(ms);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {ms / 1000.0,8:0.0} s  +{e} edges  {Path.GetFileName(file)}"));
            }

            if (t > 0)
            {
                lastTuple = ms;
            }
        }

        var end = found.Count > 0 ? found[^1].Ms : 0;
        var late = newEdgeTimes.Count(ms => ms > end - window.TotalMilliseconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeds: {seedEdges} edges, {seedTuples} tuples; after {found.Count} queue inputs: {edges.Count} edges (+{edges.Count - seedEdges}), " +
            $"{tuples.Count} tuples (+{tuples.Count - seedTuples}); last new edge at {Seconds(lastEdge)}, last new tuple at {Seconds(lastTuple)} " +
            $"(the last input found at {Seconds(end)}); inputs with a new edge in the last {window.TotalSeconds:0} s before it: {late}"));
        return 0;
    }

    private static string Seconds(long ms) => ms < 0 ? "none" : string.Create(CultureInfo.InvariantCulture, $"{ms / 1000.0:0} s");

    private static (int Edges, int Tuples) Reach(CoverageMap coverage, FuzzCheck check, string file, HashSet<int> edges, HashSet<int> tuples)
    {
        List<int> reached;
        try
        {
            reached = coverage.Run(check, File.ReadAllBytes(file));
        }
#pragma warning disable CA1031 // a crash is reported by the fuzzer; here it adds no coverage
        catch (Exception)
#pragma warning restore CA1031
        {
            return (0, 0);
        }

        var (e, t) = (0, 0);
        foreach (var tuple in reached)
        {
            e += edges.Add(CoverageMap.Edge(tuple)) ? 1 : 0;
            t += tuples.Add(tuple) ? 1 : 0;
        }

        return (e, t);
    }

    /// <summary>The ms after the start at which AFL++ found a queue input (<c>id:000123,...,time:4567,...</c>), or -1 for a seed.</summary>
    private static long FoundAt(string name)
    {
        var m = QueueTime().Match(name);
        return m.Success && !name.Contains("orig:", StringComparison.Ordinal) ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    [GeneratedRegex(@",time:([0-9]{1,12}),")]
    private static partial Regex QueueTime();
}
