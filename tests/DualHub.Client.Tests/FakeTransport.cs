using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using DualHub.Client.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Client.Tests;

/// <summary>
/// Scripted hubs: each hub (by port) is up, down (refused), hung (times out) or rejecting; records every push it accepted.
/// With a <see cref="Clock"/>, an answer takes the port's latency and a hung hub the request's whole timeout on that clock.
/// </summary>
internal sealed partial class FakeTransport : IHubTransport
{
    private static readonly PushOutcome Hung = new(PushStatus.Failed, 0, "timeout");
    private readonly ConcurrentDictionary<int, PushOutcome> _behaviour = new();
    private readonly ConcurrentDictionary<int, TimeSpan> _latency = new();

    public FakeTimeProvider? Clock { get; init; }

    public ConcurrentQueue<(int Port, long Sequence)> Accepted { get; } = new();

    public ConcurrentQueue<(int Port, long Sequence)> Attempts { get; } = new();

    /// <summary>The timeout the agent gave each request, in order.</summary>
    public ConcurrentQueue<(int Port, TimeSpan Timeout)> Timeouts { get; } = new();

    public int Probes;

    public void Up(int port) => _behaviour[port] = PushOutcome.Ok(200);

    public void Down(int port) => _behaviour[port] = new PushOutcome(PushStatus.Failed, 0, "ConnectionRefused");

    public void Hang(int port) => _behaviour[port] = Hung;

    public void Latency(int port, TimeSpan latency) => _latency[port] = latency;

    public void Set(int port, PushOutcome outcome) => _behaviour[port] = outcome;

    public List<long> AcceptedBy(int port) => Accepted.Where(a => a.Port == port).Select(a => a.Sequence).ToList();

    /// <summary>Every attempt's batch time (X-DualHub-Batch-Time), by sequence, in order.</summary>
    public ConcurrentQueue<(long Sequence, long TimeMs)> BatchTimes { get; } = new();

    public Task<PushOutcome> PushAsync(Uri url, ReadOnlyMemory<byte> body, long batchTimeMs, TimeSpan timeout, CancellationToken ct)
    {
        Timeouts.Enqueue((url.Port, timeout));
        var seq = SequenceOf(body.Span);
        Attempts.Enqueue((url.Port, seq));
        BatchTimes.Enqueue((seq, batchTimeMs));
        var outcome = _behaviour.GetValueOrDefault(url.Port, PushOutcome.Ok(200));
        Clock?.Advance(outcome == Hung ? timeout : _latency.GetValueOrDefault(url.Port));
        if (outcome.Status == PushStatus.Accepted)
        {
            Accepted.Enqueue((url.Port, seq));
        }

        return Task.FromResult(outcome);
    }

    public Task<PushOutcome> ProbeAsync(Uri url, TimeSpan timeout, CancellationToken ct)
    {
        Timeouts.Enqueue((url.Port, timeout));
        Interlocked.Increment(ref Probes);
        return Task.FromResult(_behaviour.GetValueOrDefault(url.Port, PushOutcome.Ok(200)) is { Status: PushStatus.Accepted } ok ? ok : new PushOutcome(PushStatus.Failed, 0, "down"));
    }

    public static long SequenceOf(ReadOnlySpan<byte> body)
    {
        var m = SequenceLine().Match(Encoding.UTF8.GetString(body));
        return m.Success ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    [GeneratedRegex(@"(?m)^dualhub_push_sequence (\d+)$")]
    private static partial Regex SequenceLine();
}
