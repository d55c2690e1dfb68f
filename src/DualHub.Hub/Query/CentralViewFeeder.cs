using DualHub.Hub.SampleLog;

namespace DualHub.Hub.Query;

/// <summary>
/// Keeps the newest-sample store in step with the sample journal, so every path (scrape, push, remote-write) reaches
/// the central view the same way, and a restart rebuilds the view from the retained journal.
/// </summary>
internal sealed class CentralViewFeeder : IAsyncDisposable
{
    private readonly ISampleLog _log;
    private readonly LatestSampleStore _store;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _next;

    public CentralViewFeeder(ISampleLog log, LatestSampleStore store)
    {
        _log = log;
        _store = store;
    }

    /// <summary>The next journal sequence the view has not applied.</summary>
    public long Next => Interlocked.Read(ref _next);

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var records = _log.Read(_next, 256, 64L << 20);
            if (records.Count == 0)
            {
                await _log.WaitForSequenceAsync(Math.Max(_next, _log.LastSequence + 1), ct);
                continue;
            }

            foreach (var r in records)
            {
                try
                {
                    _store.Apply(r.Data);
                }
                catch (FormatException)
                {
                    // Validated before journaling; a corrupt record cannot stop the view.
                }

                Interlocked.Exchange(ref _next, r.Sequence + 1);
            }
        }
    }
}
