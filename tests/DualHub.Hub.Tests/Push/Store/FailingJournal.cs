using DualHub.Hub.Push.Journal;
using DualHub.Hub.Push.Store;

namespace DualHub.Hub.Tests.Push.Store;

/// <summary>A journal whose commits fail, while <see cref="Failing"/>, as a full disk makes them fail.</summary>
internal sealed class FailingJournal(IJournal inner) : IJournal
{
    public bool Failing { get; set; }

    /// <summary>What a failing commit throws.</summary>
    public Func<Exception> Error { get; set; } = () => new IOException("No space left on device");

    public JournalState State => inner.State;

    public long OpsSinceCompaction => inner.OpsSinceCompaction;

    public void Append(IReadOnlyList<StoreOp> ops)
    {
        if (Failing && ops.Count > 0)
        {
            throw Error();
        }

        inner.Append(ops);
    }

    public void Compact(IEnumerable<KeyValuePair<string, MetricGroup?>> dirty, bool wiped) => inner.Compact(dirty, wiped);

    public JournalLoad LoadInto(PushStore store) => inner.LoadInto(store);

    public void Dispose() => inner.Dispose();
}
