using DualHub.Core.Retry;

namespace DualHub.Hub.Upstreams;

/// <summary>
/// Runs one step after another on a background task until disposed. A step that fails is reported and, after the
/// next delay of the owner's <see cref="Backoff"/>, tried again: a journal or network error never ends the loop.
/// </summary>
internal sealed class BackgroundLoop : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task> _step;
    private readonly Action<Exception, TimeSpan> _failed;
    private readonly Action _stopped;
    private readonly Backoff _backoff;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private const int NotStarted = 0;
    private const int Running = 1;
    private const int Disposed = 2;
    private Task _task = Task.CompletedTask;
    private int _phase;

    /// <param name="step">One round of work; it returns to be called again.</param>
    /// <param name="failed">Records a failed step (state, error, log line), given the delay before the next.</param>
    /// <param name="stopped">Called once the loop has ended.</param>
    /// <param name="backoff">The owner's backoff: a step resets it once it succeeds.</param>
    /// <param name="time">Clock of the delays.</param>
    public BackgroundLoop(Func<CancellationToken, Task> step, Action<Exception, TimeSpan> failed, Action stopped, Backoff backoff, TimeProvider time)
    {
        _step = step;
        _failed = failed;
        _stopped = stopped;
        _backoff = backoff;
        _time = time;
    }

    /// <summary>Starts the loop once; a second start would run two loops over the owner's state.</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _phase, Running, NotStarted) != NotStarted)
        {
            throw new InvalidOperationException("the loop was started already");
        }

        _task = Task.Run(() => RunAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _phase, Disposed) == Disposed)
        {
            return;
        }

        await _stop.CancelAsync();
        await _task;
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await _step(ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    var delay = _backoff.Next();
                    _failed(ex, delay);
                    await Task.Delay(delay, _time, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            _stopped();
        }
    }
}
