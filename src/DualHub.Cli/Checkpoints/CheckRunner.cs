namespace DualHub.Cli.Checkpoints;

/// <summary>Runs checkpoints in order and prints one line per check with what it measured.</summary>
internal static class CheckRunner
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(IEnumerable<ICheck> checks, TextWriter output, CancellationToken ct)
    {
        var results = new List<CheckResult>();
        foreach (var check in checks)
        {
            CheckResult result;
            try
            {
                result = await check.RunAsync(ct);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or InvalidOperationException
                                          || (ex is OperationCanceledException && !ct.IsCancellationRequested))
            {
                result = new CheckResult(check.Name, false, $"{ex.GetType().Name}: {ex.Message}");
            }

            // The id and target belong to the check, so a result that threw still maps to the plan's criteria.
            result = result with { Id = check.Id, Target = result.Target ?? check.Target };

            results.Add(result);
            await output.WriteLineAsync($"{(result.Passed ? "PASS" : "FAIL")}  {result.Name,-40} {result.Measured}");
        }

        var failed = results.Count(r => !r.Passed);
        await output.WriteLineAsync($"{results.Count - failed} of {results.Count} checks passed");
        return results;
    }
}
