namespace DualHub.Hub.SampleLog;

/// <summary>One write for the group-commit loop: an append (<see cref="Data"/> set) or a cursor update.</summary>
internal sealed class JournalOp
{
    private JournalOp(byte[]? data, int sampleCount, string? cursor, CursorPosition position)
    {
        Data = data;
        SampleCount = sampleCount;
        Cursor = cursor;
        Position = position;
    }

    public byte[]? Data { get; }

    public int SampleCount { get; }

    public string? Cursor { get; }

    public CursorPosition Position { get; }

    public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static JournalOp Append(byte[] data, int sampleCount) => new(data, sampleCount, null, default);

    public static JournalOp CommitCursor(string name, CursorPosition position) => new(null, 0, name, position);
}
