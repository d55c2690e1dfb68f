namespace DualHub.Hub.Push.Store;

/// <summary>A write waiting for the single writer. <see cref="Rejection"/> is a check failure found while preparing the push (recorded as a failure op).</summary>
internal sealed class PendingWrite(StoreOp? op, string? rejection = null)
{
    public StoreOp? Op { get; } = op;

    public string? Rejection { get; } = rejection;

    /// <summary>Not a write: asks the writer to compact (null op).</summary>
    public bool IsCompaction => Op is null;

    public TaskCompletionSource<WriteResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
