namespace DualHub.Hub.Http;

/// <summary>
/// Bounds the request bodies being read, decoded and journaled at once by their size: pushes under
/// <c>limits.max_push_bytes_in_flight</c>, remote-write and alert webhook calls under <c>limits.max_write_bytes_in_flight</c>.
/// Many concurrent large requests then cost a bounded amount of memory instead of one body and what it decodes to each.
/// A request reserves what its Content-Length can grow to (the most its endpoint allows when the length is unknown), in
/// arrival order; one larger than the budget takes all of it and runs alone. A request that finds no room within the
/// wait is refused (503), never half read.
/// </summary>
internal sealed class BodyAdmission : IDisposable
{
    private const int UnitBytes = 64 * 1024;
    private readonly SemaphoreSlim _units;
    private readonly SemaphoreSlim _order = new(1, 1);
    private readonly TimeProvider _time;
    private readonly int _total;

    public BodyAdmission(long budgetBytes, TimeProvider time)
    {
        _total = (int)Math.Clamp(budgetBytes / UnitBytes, 1, int.MaxValue);
        _units = new SemaphoreSlim(_total, _total);
        _time = time;
    }

    /// <summary>Bytes reserved by pushes now.</summary>
    public long InUseBytes => (long)(_total - _units.CurrentCount) * UnitBytes;

    /// <summary>Reserves room for <paramref name="bytes"/>; returns the units to give back to <see cref="Exit"/>, or 0 when <paramref name="wait"/> passed first.</summary>
    public async Task<int> EnterAsync(long bytes, TimeSpan wait, CancellationToken ct)
    {
        var need = (int)Math.Clamp((bytes + UnitBytes - 1) / UnitBytes, 1, _total);
        using var deadline = new CancellationTokenSource(wait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var got = 0;
        try
        {
            // One reservation at a time, so two large pushes never each hold half of the budget waiting for the rest.
            await _order.WaitAsync(linked.Token);
            try
            {
                while (got < need)
                {
                    await _units.WaitAsync(linked.Token);
                    got++;
                }
            }
            finally
            {
                _order.Release();
            }

            return got;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Exit(got);
            return 0;
        }
        catch
        {
            Exit(got);
            throw;
        }
    }

    public void Exit(int units)
    {
        if (units > 0)
        {
            _units.Release(units);
        }
    }

    public void Dispose()
    {
        _units.Dispose();
        _order.Dispose();
    }
}
