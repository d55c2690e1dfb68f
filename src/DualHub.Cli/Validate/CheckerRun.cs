using DualHub.Core.Processes;

namespace DualHub.Cli.Validate;

/// <summary>
/// Runs an installed program that checks a file (<c>nats-server -t</c>, <c>vmalert -dryRun</c>) on the one child-process
/// primitive and collects its output; killed past its timeout.
/// </summary>
internal static class CheckerRun
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Its exit code (null when it ran past the timeout) and its output lines, stdout and stderr merged.</summary>
    public static async Task<(int? ExitCode, string Output)> RunAsync(string name, string binary, IReadOnlyList<string> args, CancellationToken ct)
    {
        var time = TimeProvider.System;
        var lines = new List<string>();
        var spec = new ChildProcessSpec(name, binary, args)
        {
            OnOutput = line =>
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            },
        };
        await using var process = ChildProcessFactory.Create(spec, time);
        await process.StartAsync(ct);
        using var deadline = new CancellationTokenSource(Timeout, time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        int? exitCode;
        try
        {
            exitCode = await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await process.KillAsync(CancellationToken.None);
            exitCode = null;
        }

        lock (lines)
        {
            return (exitCode, string.Join('\n', lines));
        }
    }

    /// <summary>The finding for a run past the timeout.</summary>
    public static string TimedOut(string name) => $"{name} did not finish within {Timeout.TotalSeconds:0} s";
}
