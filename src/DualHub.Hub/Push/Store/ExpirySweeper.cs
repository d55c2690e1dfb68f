namespace DualHub.Hub.Push.Store;

/// <summary>Deletes groups past their TTL through the writer, so each expiry is a journaled operation.</summary>
public static class ExpirySweeper
{
    /// <summary>Submits an expire op for every expired group and waits for them; returns how many groups were removed.</summary>
    public static async Task<int> SweepAsync(PushStore store, StoreWriter writer, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var nowNanos = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        var pending = new List<Task<WriteResult>>();
        foreach (var g in store.Snapshot())
        {
            if (g.IsExpired(nowMs))
            {
                pending.Add(writer.SubmitAsync(new StoreOp(OpKind.Expire, g.Id, nowNanos)));
            }
        }

        await Task.WhenAll(pending);
        return pending.Count;
    }
}
