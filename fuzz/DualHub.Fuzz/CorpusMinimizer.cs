using System.Security.Cryptography;

namespace DualHub.Fuzz;

/// <summary>
/// afl-cmin's greedy choice, in process on the instrumented build (<see cref="CoverageMap"/>): every (edge, hit-count bucket) the inputs reach, rarest first, is covered by the smallest input that reaches
/// it, unless an input already kept covers it; only the kept inputs are copied. Inputs that crash are left out and listed.
/// </summary>
internal static class CorpusMinimizer
{
    public static int Run(FuzzCheck check, string output, IEnumerable<string> inputs)
    {
        var files = inputs.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p) : [p])
            .Select(f => new FileInfo(f)).OrderBy(f => f.Length).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        var coverage = new CoverageMap();
        var best = new Dictionary<int, FileInfo>();
        var hits = new Dictionary<int, int>();
        var tuplesOf = new Dictionary<FileInfo, List<int>>();
        foreach (var file in files)
        {
            List<int> tuples;
            try
            {
                tuples = coverage.Run(check, File.ReadAllBytes(file.FullName));
            }
#pragma warning disable CA1031 // a crashing input is reported, not kept
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Console.Error.WriteLine($"crash, not kept: {file.FullName}: {ex.GetType().Name}: {ex.Message}");
                continue;
            }

            foreach (var tuple in tuples)
            {
                hits[tuple] = hits.GetValueOrDefault(tuple) + 1;
                _ = best.TryAdd(tuple, file);
            }

            if (tuples.Exists(t => best[t] == file))
            {
                tuplesOf[file] = tuples;
            }
        }

        Directory.CreateDirectory(output);
        // afl-cmin's cover: rarest tuple first, its smallest input is kept and every tuple that input reaches is covered.
        var covered = new HashSet<int>();
        var kept = new List<FileInfo>();
        foreach (var tuple in hits.OrderBy(h => h.Value).ThenBy(h => h.Key).Select(h => h.Key))
        {
            if (!covered.Contains(tuple))
            {
                var file = best[tuple];
                kept.Add(file);
                covered.UnionWith(tuplesOf[file]);
            }
        }
        foreach (var file in kept)
        {
            // AFL's queue names carry commas and colons: name each input by its content instead.
            var bytes = File.ReadAllBytes(file.FullName);
            File.WriteAllBytes(Path.Combine(output, Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]), bytes);
        }

        Console.WriteLine($"{files.Count} inputs, {best.Count} edge tuples, {kept.Count} kept in {output}");
        return 0;
    }
}
