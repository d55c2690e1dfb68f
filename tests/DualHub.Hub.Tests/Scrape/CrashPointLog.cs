using DualHub.Hub.SampleJournal;
using DualHub.Hub.Tests.SampleJournal;

namespace DualHub.Hub.Tests.Scrape;

/// <summary>
/// The real journal, whose files are copied aside (what kill -9 leaves on disk) once <see cref="Arm"/>ed, just before
/// the second record is written: between two single appends, or between two records of one multi-record append.
/// </summary>
internal sealed class CrashPointLog(ISampleLog inner, string dbPath, string snapshotDir) : DelegatingSampleLog(inner)
{
    private int _records = -1;

    /// <summary>Whether the files were copied.</summary>
    public bool Taken { get; private set; }

    public void Arm() => _records = 0;

    public override ValueTask<long> AppendAsync(ReadOnlyMemory<byte> writeRequest, int sampleCount, CancellationToken cancellationToken = default)
    {
        BeforeRecord();
        return Inner.AppendAsync(writeRequest, sampleCount, cancellationToken);
    }

    public override ValueTask<long> AppendAllAsync(IRecordSource records, CancellationToken cancellationToken = default) =>
        Inner.AppendAllAsync(new Hooked(records, this), cancellationToken);

    private void BeforeRecord()
    {
        if (_records < 0 || ++_records != 2)
        {
            return;
        }

        File.Copy(dbPath, Path.Combine(snapshotDir, Path.GetFileName(dbPath)));
        File.Copy(dbPath + "-wal", Path.Combine(snapshotDir, Path.GetFileName(dbPath) + "-wal"));
        Taken = true;
    }

    private sealed class Hooked(IRecordSource inner, CrashPointLog log) : IRecordSource
    {
        public bool TryWriteNext(out ReadOnlyMemory<byte> record, out int sampleCount)
        {
            log.BeforeRecord();
            return inner.TryWriteNext(out record, out sampleCount);
        }
    }
}
