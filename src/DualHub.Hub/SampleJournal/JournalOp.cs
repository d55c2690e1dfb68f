namespace DualHub.Hub.SampleJournal;

/// <summary>
/// One write for the group-commit loop: an append (<see cref="IsAppend"/>) of one record (<see cref="Data"/>) or of
/// every record of <see cref="Source"/>, or a cursor update. An append's <see cref="Data"/> is the caller's buffer,
/// valid until <see cref="Done"/> completes (the caller awaits it).
/// </summary>
internal sealed class JournalOp
{
    private JournalOp(ReadOnlyMemory<byte> data, bool isAppend, int sampleCount, string? cursor, CursorPosition position, IRecordSource? source = null)
    {
        Data = data;
        IsAppend = isAppend;
        SampleCount = sampleCount;
        Cursor = cursor;
        Position = position;
        Source = source;
    }

    public ReadOnlyMemory<byte> Data { get; }

    public bool IsAppend { get; }

    public int SampleCount { get; }

    public string? Cursor { get; }

    public CursorPosition Position { get; }

    public IRecordSource? Source { get; }

    /// <summary>The sequence of the (last) record this append wrote in the open transaction; its result once committed.</summary>
    public long Sequence { get; set; }

    public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static JournalOp Append(ReadOnlyMemory<byte> data, int sampleCount) => new(data, true, sampleCount, null, default);

    public static JournalOp AppendAll(IRecordSource source) => new(default, true, 0, null, default, source);

    public static JournalOp CommitCursor(string name, CursorPosition position) => new(default, false, 0, name, position);
}
