using System.Security.Cryptography;
using SharpFuzz.Common;

namespace DualHub.Fuzz;

/// <summary>
/// afl-cmin's greedy choice, in process on the instrumented build (afl-showmap cannot drive SharpFuzz's persistent
/// loop): every (edge, hit-count bucket) the inputs reach, rarest first, is covered by the smallest input that reaches
/// it, unless an input already kept covers it; only the kept inputs are copied. Inputs that crash are left out and listed.
/// </summary>
internal static unsafe class CorpusMinimizer
{
    private const int MapSize = 1 << 16;

    public static int Run(FuzzCheck check, string output, IEnumerable<string> inputs)
    {
        var files = inputs.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p) : [p])
            .Select(f => new FileInfo(f)).OrderBy(f => f.Length).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        var map = new byte[MapSize];
        var best = new Dictionary<int, FileInfo>();
        var hits = new Dictionary<int, int>();
        var tuplesOf = new Dictionary<FileInfo, List<int>>();
        fixed (byte* shared = map)
        {
            Trace.SharedMem = shared;
            foreach (var file in files)
            {
                Array.Clear(map);
                Trace.PrevLocation = 0;
                try
                {
                    _ = check(File.ReadAllBytes(file.FullName));
                }
#pragma warning disable CA1031 // a crashing input is reported, not kept
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Console.Error.WriteLine($"crash, not kept: {file.FullName}: {ex.GetType().Name}: {ex.Message}");
                    continue;
                }

                var tuples = new List<int>();
                for (var i = 0; i < MapSize; i++)
                {
                    if (map[i] != 0)
                    {
                        var tuple = (i << 4) | Bucket(map[i]);
                        tuples.Add(tuple);
                        hits[tuple] = hits.GetValueOrDefault(tuple) + 1;
                        _ = best.TryAdd(tuple, file);
                    }
                }

                if (tuples.Exists(t => best[t] == file))
                {
                    tuplesOf[file] = tuples;
                }
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

    /// <summary>AFL's hit-count classes: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+.</summary>
    private static int Bucket(byte hits) => hits switch
    {
        1 => 0,
        2 => 1,
        3 => 2,
        < 8 => 3,
        < 16 => 4,
        < 32 => 5,
        < 128 => 6,
        _ => 7,
    };
}
