namespace DualHub.Hub.SampleLog;

/// <summary>
/// One write for the group-commit loop: an append (<see cref="IsAppend"/>) or a cursor update. An append's
/// <see cref="Data"/> is the caller's buffer, valid until <see cref="Done"/> completes (the caller awaits it).
/// </summary>
internal sealed class JournalOp
{
    private JournalOp(ReadOnlyMemory<byte> data, bool isAppend, int sampleCount, string? cursor, CursorPosition position)
    {
        Data = data;
        IsAppend = isAppend;
        SampleCount = sampleCount;
        Cursor = cursor;
        Position = position;
    }

    public ReadOnlyMemory<byte> Data { get; }

    public bool IsAppend { get; }

    public int SampleCount { get; }

    public string? Cursor { get; }

    public CursorPosition Position { get; }

    public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static JournalOp Append(ReadOnlyMemory<byte> data, int sampleCount) => new(data, true, sampleCount, null, default);

    public static JournalOp CommitCursor(string name, CursorPosition position) => new(default, false, 0, name, position);
}
