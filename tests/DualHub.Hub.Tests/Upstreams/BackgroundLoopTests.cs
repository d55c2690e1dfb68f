using System.Collections.Concurrent;
using DualHub.Core.Retry;
using DualHub.Hub.Upstreams;
using DualHub.Testing;

namespace DualHub.Hub.Tests.Upstreams;

public sealed class BackgroundLoopTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);
    private readonly TimerRecordingTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly ConcurrentQueue<(string Error, TimeSpan Delay)> _failures = new();
    private int _steps;
    private int _stopped;

    [Fact]
    public async Task A_loop_starts_once_and_may_be_disposed_twice()
    {
        var loop = Loop(async ct => await Task.Delay(Timeout.Infinite, ct));
        loop.Start();

        Assert.Throws<InvalidOperationException>(loop.Start);
        await loop.DisposeAsync();
        await loop.DisposeAsync();
        Assert.Equal(1, _stopped);
    }

    [Fact]
    public async Task A_failed_step_is_reported_and_run_again_after_the_backoff_until_disposed()
    {
        var loop = Loop(async ct =>
        {
            if (Interlocked.Increment(ref _steps) == 1)
            {
                throw new IOException("disk gone");
            }

            await Task.Delay(Timeout.Infinite, ct); // runs until stopped
        });
        loop.Start();

        await Poll.UntilAsync(() => _time.Armed(Delay) == 1, Wait, "the backoff armed");
        Assert.Equal([("disk gone", Delay)], _failures);
        Assert.Equal(1, Volatile.Read(ref _steps));
        _time.Advance(Delay);
        await Poll.UntilAsync(() => Volatile.Read(ref _steps) == 2, Wait, "the step run again");

        await loop.DisposeAsync();
        Assert.Equal(1, _stopped);
        Assert.Single(_failures);
    }

    [Fact]
    public async Task Disposing_during_a_backoff_ends_the_loop_quietly()
    {
        var loop = Loop(_ => throw new InvalidOperationException("always"));
        loop.Start();
        await Poll.UntilAsync(() => _time.Armed(Delay) == 1, Wait, "the backoff armed");

        await loop.DisposeAsync();
        Assert.Equal(1, _stopped);
        Assert.Single(_failures);
    }

    private BackgroundLoop Loop(Func<CancellationToken, Task> step) => new(
        step,
        (ex, delay) => _failures.Enqueue((ex.Message, delay)),
        () => Interlocked.Increment(ref _stopped),
        new Backoff(Delay, Delay, equalJitter: true, random: () => 1.0),
        _time);
}
