using DualHub.Testing;

namespace DualHub.Fuzz.Tests;

/// <summary>
/// Every input the fuzzers kept (tests/fuzz-corpus/TARGET, written by fuzz/fuzz.sh) goes through its parser again:
/// it is accepted or refused with the parser's own error, the target's invariants hold, and no input hangs.
/// </summary>
public sealed class CorpusReplayTests
{
    /// <summary>Far above any input's parse time; only a hang reaches it.</summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Targets => [.. FuzzTargets.All.Keys];

    /// <summary>Targets with inputs that once crashed or hung them (tests/fuzz-corpus/regressions/TARGET, never minimized).</summary>
    public static TheoryData<string> RegressionTargets =>
        [.. Directory.GetDirectories(RepoRoot.Combine("tests", "fuzz-corpus", "regressions")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Every_corpus_input_is_accepted_or_refused_with_the_parsers_own_error(string target)
    {
        var outcomes = await ReplayAsync(target, RepoRoot.Combine("tests", "fuzz-corpus", target));

        // A corpus that only refuses (or only accepts) exercises one side of the parser: the fuzzers keep both.
        Assert.True(outcomes.GetValueOrDefault(FuzzOutcome.Accepted) > 0, $"{target}: no input accepted");
        Assert.True(outcomes.GetValueOrDefault(FuzzOutcome.Refused) > 0, $"{target}: no input refused");
    }

    // The minimizer keeps only inputs that add coverage, so what once crashed a parser is kept apart, by name.
    [Theory]
    [MemberData(nameof(RegressionTargets))]
    public async Task Every_input_that_once_crashed_or_hung_a_parser_is_now_decided(string target)
    {
        Assert.True(FuzzTargets.All.ContainsKey(target), $"tests/fuzz-corpus/regressions/{target} names no fuzz target");
        var outcomes = await ReplayAsync(target, RepoRoot.Combine("tests", "fuzz-corpus", "regressions", target));
        Assert.NotEmpty(outcomes);
    }

    private static async Task<Dictionary<FuzzOutcome, int>> ReplayAsync(string target, string folder)
    {
        var check = FuzzTargets.All[target];
        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var outcomes = new Dictionary<FuzzOutcome, int>();
        foreach (var file in files)
        {
            var input = File.ReadAllBytes(file);
            FuzzOutcome outcome;
            try
            {
                outcome = await Task.Run(() => check(input)).WaitAsync(HangBound);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"{target}: {Path.GetFileName(file)} did not finish");
                throw;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{target}: {Path.GetFileName(file)}: {ex}");
                throw;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        return outcomes;
    }
}
