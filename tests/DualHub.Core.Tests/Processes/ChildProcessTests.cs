using System.Collections.Concurrent;
using System.Globalization;
using DualHub.Core.Processes;
using DualHub.Core.Retry;
using DualHub.Testing;

namespace DualHub.Core.Tests.Processes;

/// <summary>The child-process primitive against real short-lived processes (<c>/bin/sh</c>, <c>sleep</c>).</summary>
public sealed class ChildProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly TimerRecordingTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<IChildProcess> _children = [];
    private readonly string _dir = TempDir.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var c in _children)
        {
            await c.KillAsync();
            await c.DisposeAsync();
        }

        TempDir.Delete(_dir);
    }

    private IChildProcess Create(string script, Func<ChildProcessSpec, ChildProcessSpec>? configure = null)
    {
        var spec = new ChildProcessSpec("test-child", "/bin/sh", ["-c", script]) { OnOutput = _lines.Enqueue };
        var child = ChildProcessFactory.Create(configure?.Invoke(spec) ?? spec, _time);
        _children.Add(child);
        return child;
    }

    [Fact]
    public async Task Stop_sends_sigterm_and_a_child_that_honours_it_exits_without_the_grace_period()
    {
        var child = Create("exec sleep 300");
        await child.StartAsync();
        Assert.Equal(ChildProcessState.Starting, child.State);

        // The grace period runs on the fake clock, which never moves: only SIGTERM can end the child.
        await child.StopAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(128 + ProcessSignal.Term, child.ExitCode);
        Assert.False(child.IsRunning);
        Assert.Null(child.ProcessId);
        Assert.Equal(ChildProcessState.Stopped, child.State);
    }

    [Fact]
    public async Task Stop_kills_a_child_that_ignores_sigterm_once_the_grace_period_is_over()
    {
        // An ignored signal stays ignored across exec: sleep itself ignores SIGTERM.
        var child = Create("trap '' TERM; echo trapped; exec sleep 300");
        await child.StartAsync();
        await Poll.UntilAsync(() => _lines.Contains("trapped"), Wait, "the shell to trap SIGTERM");

        var stop = child.StopAsync(TimeSpan.FromSeconds(10));
        await Poll.UntilAsync(() => _time.Armed(TimeSpan.FromSeconds(10)) == 1, Wait, "the grace period armed");
        Assert.False(stop.IsCompleted, "the child ignores SIGTERM");
        _time.Advance(TimeSpan.FromSeconds(10));
        await stop;

        Assert.Equal(128 + ProcessSignal.Kill, child.ExitCode);
        Assert.Equal(ChildProcessState.Stopped, child.State);
    }

    [Fact]
    public async Task An_unexpected_exit_is_restarted_after_the_backoff_delays_on_the_time_provider()
    {
        var child = Create("echo run; exit 3", s => s with { Restart = new Backoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1)) });
        await child.StartAsync();

        TimeSpan[] delays = [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)];
        for (var i = 0; i < delays.Length; i++)
        {
            var armedBefore = delays.Take(i).Count(d => d == delays[i]);
            await Poll.UntilAsync(() => _time.Armed(delays[i]) == armedBefore + 1, Wait, $"restart {i + 1} armed with {delays[i]}");
            Assert.Equal(i + 1, child.Restarts);
            Assert.Equal(ChildProcessState.Restarting, child.State);
            _time.Advance(delays[i]);
        }

        await Poll.UntilAsync(() => _lines.Count(l => l == "run") == delays.Length + 1, Wait, "every restart to run the child");
        await Poll.UntilAsync(() => child.Restarts == delays.Length + 1, Wait, "the last run to exit and be counted");
        Assert.Equal(3, child.ExitCode);
        await child.StopAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(ChildProcessState.Stopped, child.State);
    }

    [Fact]
    public async Task A_child_without_a_restart_policy_stays_stopped_and_readiness_reports_its_exit_code()
    {
        var child = Create("exit 7");
        Assert.Equal(ReadinessOutcome.NotRunning, (await child.WaitReadyAsync(new ScriptedProbe(), Wait)).Outcome);

        await child.StartAsync();
        await Poll.UntilAsync(() => child.State == ChildProcessState.Stopped, Wait, "the exit to be seen");
        var result = await child.WaitReadyAsync(new ScriptedProbe(), Wait);

        Assert.Equal(ReadinessOutcome.NotRunning, result.Outcome);
        Assert.Equal(7, result.ExitCode);
        Assert.Equal(7, child.ExitCode);
        Assert.Equal(0, child.Restarts);
    }

    [Fact]
    public async Task A_one_shot_child_is_waited_for_with_its_exit_code_and_all_of_its_output()
    {
        var child = Create("echo out; echo err >&2; exit 3");
        await Assert.ThrowsAsync<InvalidOperationException>(() => child.WaitForExitAsync());
        await child.StartAsync();

        var code = await child.WaitForExitAsync().WaitAsync(Wait);

        Assert.Equal(3, code);
        Assert.Equal(["err", "out"], _lines.Order(StringComparer.Ordinal));
        Assert.Equal(ChildProcessState.Stopped, child.State);
    }

    [Fact]
    public async Task Pause_and_unpause_stop_and_continue_the_process_as_proc_stat_shows()
    {
        var child = Create("exec sleep 300");
        await child.StartAsync();
        var pid = child.ProcessId!.Value;
        await Poll.UntilAsync(() => ProcState(pid) == 'S', Wait, "sleep to be sleeping");

        Assert.True(child.Pause());
        await Poll.UntilAsync(() => ProcState(pid) == 'T', Wait, "the child to be stopped (T)");
        Assert.Equal(ChildProcessState.Paused, child.State);

        Assert.True(child.Unpause());
        await Poll.UntilAsync(() => ProcState(pid) == 'S', Wait, "the child to sleep again (S)");
        Assert.Equal(ChildProcessState.Running, child.State);

        await child.KillAsync();
        Assert.False(child.Pause());
        Assert.False(child.Unpause());
    }

    [Fact]
    public async Task Output_goes_to_the_file_and_the_callback_with_the_given_environment_and_working_directory()
    {
        var work = Path.Combine(_dir, "work");
        var log = Path.Combine(_dir, "logs", "log");
        var child = Create("echo out; echo err >&2; echo \"$GREETING from $(pwd)\"", s => s with
        {
            WorkingDirectory = work,
            OutputFile = log,
            Environment = new Dictionary<string, string> { ["GREETING"] = "hello" },
        });

        await child.StartAsync();
        await Poll.UntilAsync(() => _lines.Count == 3, Wait, "three lines through the callback");
        await Poll.UntilAsync(() => File.ReadAllLines(log).Length == 3, Wait, "three lines in the log file");

        string[] expected = ["out", "err", $"hello from {work}"];
        Assert.Equal(expected.Order(), _lines.Order());
        Assert.Equal(expected.Order(), File.ReadAllLines(log).Order());
    }

    [Fact]
    public async Task Wait_ready_probes_until_the_probe_answers_ready_and_marks_the_child_running()
    {
        var probe = new ScriptedProbe(readyAfter: 3);
        var child = Create("exec sleep 300", s => s with { Readiness = probe, ProbeInterval = TimeSpan.FromMilliseconds(1) });
        await child.StartAsync();

        var wait = child.WaitReadyAsync(Wait);
        for (var armed = 1; armed <= 2; armed++)
        {
            await Poll.UntilAsync(() => _time.Armed(TimeSpan.FromMilliseconds(1)) == armed, Wait, $"probe pause {armed} armed");
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var result = await wait;

        Assert.Equal(ReadinessOutcome.Ready, result.Outcome);
        Assert.Equal(3, probe.Calls);
        Assert.Equal(ChildProcessState.Running, child.State);
    }

    [Fact]
    public async Task Wait_ready_times_out_on_the_time_provider_with_the_last_probe_detail()
    {
        var child = Create("exec sleep 300", s => s with { Readiness = new ScriptedProbe() });
        await child.StartAsync();

        var wait = child.WaitReadyAsync(TimeSpan.FromSeconds(5));
        await Poll.UntilAsync(() => _time.Armed(TimeSpan.FromSeconds(5)) == 1 && _time.Armed(TimeSpan.FromMilliseconds(50)) == 1, Wait, "the deadline and the first probe pause armed");
        _time.Advance(TimeSpan.FromSeconds(5));
        var result = await wait;

        Assert.Equal(ReadinessOutcome.TimedOut, result.Outcome);
        Assert.Equal("not yet", result.LastDetail);
        Assert.Equal(ChildProcessState.Starting, child.State);
    }

    [Fact]
    public async Task A_child_dies_with_its_parent_even_when_the_parent_is_sigkilled()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, typeof(Program).Assembly.GetName().Name + ".dll");
        int? pid = null;
        try
        {
            await using var parent = ExternalProcess.Start("dotnet", [dll, Program.SpawnChild]);
            var line = await Poll.UntilAsync(() => Task.FromResult(parent.Output.Split('\n').FirstOrDefault(l => l.StartsWith("child ", StringComparison.Ordinal))), Wait, "the parent to print its child's pid");
            pid = int.Parse(line["child ".Length..].Trim(), CultureInfo.InvariantCulture);
            Assert.Contains(ProcessTable.ChildrenOf(parent.Pid), c => c.Pid == pid && c.Command == "sleep");

            parent.Signal(ProcessSignal.Kill);
            await parent.WaitForExitAsync();

            await Poll.UntilAsync(() => ProcessTable.IsGone(pid.Value), Wait, $"child {pid} to die with its SIGKILLed parent");
        }
        finally
        {
            if (pid is { } p && !ProcessTable.IsGone(p))
            {
                ProcessSignal.Send(p, ProcessSignal.Kill);
            }
        }
    }

    // /proc/PID/stat: "pid (comm) state ...": the state follows the last ')'.
    private static char ProcState(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }

    private sealed class ScriptedProbe(int readyAfter = int.MaxValue) : IReadinessProbe
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<ProbeResult> ProbeAsync(CancellationToken ct) =>
            Task.FromResult(Interlocked.Increment(ref _calls) >= readyAfter ? ProbeResult.Success : ProbeResult.NotReady("not yet"));
    }
}
