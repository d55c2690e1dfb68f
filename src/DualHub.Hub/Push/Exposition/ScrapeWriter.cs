using DualHub.Hub.Push.Store;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Exposition;

/// <summary>
/// Writes <c>/metrics</c>: the hub's own families merged with the store, families sorted by name, and within a family
/// the series of all groups in client_golang order (fewer labels first, then label values). Each stored family's
/// lines are cached; a scrape only merges sorted runs and copies bytes.
/// </summary>
internal static class ScrapeWriter
{
    /// <summary>The scrape body as pieces that reference the cached bytes (copied once, into the response).</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Pieces(IReadOnlyList<MetricGroup> groups, long nowMs, IReadOnlyList<MetricFamily> self, bool openMetrics)
    {
        var byName = new Dictionary<string, Sources>(StringComparer.Ordinal);
        foreach (var f in self)
        {
            if (f.Metrics.Count == 0)
            {
                continue;
            }

            f.Metrics.Sort(MetricOrder.Instance);
            Add(byName, f.Name, f.Type, f.Help, ChunkWriter.Build(f, openMetrics), forcedHelp: true);
        }

        foreach (var g in groups)
        {
            if (g.IsExpired(nowMs))
            {
                continue;
            }

            foreach (var sf in g.Families.Values)
            {
                var f = sf.Family;
                if (f.Metrics.Count == 0)
                {
                    continue;
                }

                var chunk = sf.GetOrAddCache(openMetrics, s => ChunkWriter.Build(s.Family, openMetrics));
                Add(byName, f.Name, f.Type, f.Help, chunk, forcedHelp: false);
            }

            var gauges = GroupGauges.For(g, openMetrics);
            Add(byName, PushStore.PushFailureTimeName, MetricType.Gauge, GroupGauges.FailureHelp, gauges.Failure, forcedHelp: true);
            Add(byName, PushStore.PushTimeName, MetricType.Gauge, GroupGauges.PushHelp, gauges.Push, forcedHelp: true);
        }

        var names = byName.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var s = byName[name];
            yield return ChunkWriter.Header(name, s.Type, s.Help, s.Chunks[0].Metrics[0], openMetrics);
            foreach (var piece in Merge(s.Chunks))
            {
                yield return piece;
            }
        }

        if (openMetrics)
        {
            yield return ChunkWriter.Eof.ToArray();
        }
    }

    /// <summary>Builds the text-format cache of every stored family (what the first scrape would otherwise do).</summary>
    public static void Warm(IReadOnlyList<MetricGroup> groups)
    {
        foreach (var g in groups)
        {
            foreach (var sf in g.Families.Values)
            {
                sf.GetOrAddCache(openMetrics: false, s => ChunkWriter.Build(s.Family, openMetrics: false));
            }

            GroupGauges.For(g, openMetrics: false);
        }
    }

    private static void Add(Dictionary<string, Sources> byName, string name, MetricType type, string help, SeriesChunk chunk, bool forcedHelp)
    {
        if (chunk.Count == 0)
        {
            return;
        }

        if (!byName.TryGetValue(name, out var s))
        {
            s = new Sources(type, help, forcedHelp);
            byName[name] = s;
        }
        else if (!s.ForcedHelp && (forcedHelp || s.Help.Length == 0))
        {
            // HELP conflicts are tolerated: the hub's own text wins, else the first non-empty one.
            s.Help = help;
            s.ForcedHelp = forcedHelp;
        }

        s.Chunks.Add(chunk);
    }

    /// <summary>Merges sorted chunks; whole runs that sort before the next chunk's head are copied at once.</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> Merge(List<SeriesChunk> chunks)
    {
        if (chunks.Count == 1)
        {
            yield return chunks[0].Range(0, chunks[0].Count);
            yield break;
        }

        var queue = new PriorityQueue<(int Chunk, int Index), Label[]>(chunks.Count, LabelOrder.Instance);
        for (var i = 0; i < chunks.Count; i++)
        {
            queue.Enqueue((i, 0), chunks[i].Metrics[0].Labels);
        }

        while (queue.TryDequeue(out var head, out _))
        {
            var chunk = chunks[head.Chunk];
            var end = chunk.Count;
            if (queue.TryPeek(out _, out var next) && MetricOrder.Compare(chunk.Metrics[end - 1].Labels, next) > 0)
            {
                end = head.Index + 1;
                while (end < chunk.Count && MetricOrder.Compare(chunk.Metrics[end].Labels, next) <= 0)
                {
                    end++;
                }
            }

            yield return chunk.Range(head.Index, end);
            if (end < chunk.Count)
            {
                queue.Enqueue((head.Chunk, end), chunk.Metrics[end].Labels);
            }
        }
    }

    private sealed class Sources(MetricType type, string help, bool forcedHelp)
    {
        public MetricType Type { get; } = type;

        public string Help { get; set; } = help;

        public bool ForcedHelp { get; set; } = forcedHelp;

        public List<SeriesChunk> Chunks { get; } = new(1);
    }

    private sealed class LabelOrder : IComparer<Label[]>
    {
        public static readonly LabelOrder Instance = new();

        public int Compare(Label[]? x, Label[]? y) => MetricOrder.Compare(x!, y!);
    }
}
