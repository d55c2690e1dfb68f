using System.Diagnostics;
using System.Globalization;

namespace DualHub.NatsBench;

/// <summary>
/// Samples every 10 ms, on its own thread, how busy the machine is and how much of that is the bench and the nats-servers,
/// so a latency outlier can be matched with what else ran on the 2 cores at that moment.
/// </summary>
internal sealed class CpuSampler : IDisposable
{
    private readonly Func<IReadOnlyList<int>> _pids;
    private readonly Lock _lock = new();
    private readonly List<(long At, long MachineBusy, long MachineTotal, long Ours)> _samples = [];
    private readonly Thread _thread;
    private volatile bool _stop;

    public CpuSampler(Func<IReadOnlyList<int>> pids)
    {
        _pids = pids;
        _thread = new Thread(Loop) { IsBackground = true, Name = "cpu-sampler" };
        _thread.Start();
    }

    /// <summary>Others' CPU (machine busy minus bench and servers) in % of all cores between two Stopwatch timestamps.</summary>
    public double OthersPercent(long from, long to)
    {
        lock (_lock)
        {
            var a = _samples.FindLastIndex(s => s.At <= from);
            var b = _samples.FindIndex(s => s.At >= to);
            if (a < 0 || b < 0 || b <= a)
            {
                return double.NaN;
            }

            var total = _samples[b].MachineTotal - _samples[a].MachineTotal;
            var others = (_samples[b].MachineBusy - _samples[a].MachineBusy) - (_samples[b].Ours - _samples[a].Ours);
            return total > 0 ? Math.Max(0, others) * 100.0 / total : double.NaN;
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Loop()
    {
        var self = Environment.ProcessId;
        while (!_stop)
        {
            var (busy, total) = CpuSnapshot.MachineTicks();
            var ours = CpuSnapshot.ProcessTicks(self) + _pids().Sum(CpuSnapshot.ProcessTicks);
            lock (_lock)
            {
                _samples.Add((Stopwatch.GetTimestamp(), busy, total, ours));
                if (_samples.Count > 200_000)
                {
                    _samples.RemoveRange(0, 100_000);
                }
            }

            _ = new ManualResetEventSlim().Wait(10);
        }
    }
}
