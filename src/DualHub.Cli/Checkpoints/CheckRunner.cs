using System.Globalization;
using Spectre.Console;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// Runs checkpoints in order and prints one line per check with what it measured and how long it took. Before each
/// check it says which one runs (<c>[3/27] name</c>); on a terminal that line is a live status with the elapsed time.
/// </summary>
internal static class CheckRunner
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(IEnumerable<ICheck> checks, TextWriter output, TimeProvider time, CancellationToken ct, bool terminal = false)
    {
        var list = checks.ToList();
        if (!terminal)
        {
            return await RunAllAsync(list, output, (_, _) => { }, time, ct);
        }

        IReadOnlyList<CheckResult> results = [];
        await AnsiConsole.Status().StartAsync("starting the checks", async ctx =>
        {
            var started = time.GetTimestamp();
            var current = string.Empty;
            using var ticker = new CancellationTokenSource();
            var tick = Task.Run(async () =>
            {
                while (!ticker.IsCancellationRequested)
                {
                    ctx.Status(Markup.Escape($"{current}  {time.GetElapsedTime(started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s"));
                    await Task.Delay(TimeSpan.FromMilliseconds(250), time, CancellationToken.None);
                }
            }, CancellationToken.None);
            using var lines = new TerminalLines();
            results = await RunAllAsync(list, lines, (what, _) =>
            {
                current = what;
                started = time.GetTimestamp();
            }, time, ct);
            await ticker.CancelAsync();
            await tick;
        });
        return results;
    }

    private static async Task<IReadOnlyList<CheckResult>> RunAllAsync(List<ICheck> checks, TextWriter output, Action<string, int> starting, TimeProvider time, CancellationToken ct)
    {
        var results = new List<CheckResult>();
        for (var i = 0; i < checks.Count; i++)
        {
            var check = checks[i];
            var step = $"[{i + 1}/{checks.Count}] {check.Name}";
            if (output is not TerminalLines)
            {
                await output.WriteLineAsync($"RUN   {step}");
            }

            starting(step, i);
            var started = time.GetTimestamp();
            CheckResult result;
            try
            {
                result = await check.RunAsync(ct);
            }
            // A NATS server that refuses the check's connection (e.g. its TLS) fails that check, not the whole run.
            catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or InvalidOperationException or NATS.Client.Core.NatsException
                                          || (ex is OperationCanceledException && !ct.IsCancellationRequested))
            {
                result = new CheckResult(check.Name, false, $"{ex.GetType().Name}: {ex.Message}");
            }

            // The id and target belong to the check, so a result that threw still maps to the plan's criteria.
            result = result with { Id = check.Id, Target = result.Target ?? check.Target };

            results.Add(result);
            var seconds = time.GetElapsedTime(started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            await output.WriteLineAsync($"{(result.Passed ? "PASS" : "FAIL")}  {result.Name,-40} {result.Measured}  ({seconds} s)");
        }

        var failed = results.Count(r => !r.Passed);
        await output.WriteLineAsync($"{results.Count - failed} of {results.Count} checks passed");
        return results;
    }

    /// <summary>Lines printed above Spectre's live status line (a plain Console.Out write would tear it).</summary>
    private sealed class TerminalLines : StringWriter
    {
        public TerminalLines()
            : base(CultureInfo.InvariantCulture)
        {
        }

        public override Task WriteLineAsync(string? value)
        {
            AnsiConsole.WriteLine(value ?? string.Empty);
            return Task.CompletedTask;
        }
    }
}
