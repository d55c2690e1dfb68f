using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using DualHub.Hub.Relabel;
using DualHub.Hub.Regexp;

namespace DualHub.Benchmarks.Relabel;

/// <summary>
/// A metric_relabel_configs regex on every scraped series name: GoRegexp (.NET's non-backtracking engine, linear like
/// RE2) against the backtracking engine DualHub used before, on the same anchored pattern and the same names.
/// </summary>
[MemoryDiagnoser]
public class RelabelRegexBenchmarks
{
    private static readonly string[] Names =
    [
        "http_requests_total", "process_cpu_seconds_total", "go_memstats_alloc_bytes", "node_filesystem_avail_bytes",
        "pushgateway_http_push_duration_seconds", "dualhub_journal_appends_total", "up", "scrape_duration_seconds",
    ];

    private GoRegexp _linear = null!;
    private Regex _backtracking = null!;

    [Params("go_memstats_.*|pushgateway_http_.*", "process_(.*)", "(?P<ns>[a-z]+)_.*")]
    public string Pattern { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _linear = new GoRegexp(Pattern);
        _backtracking = new Regex(@"\A(?:" + Pattern.Replace("?P<", "?<", StringComparison.Ordinal) + @")\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 8)]
    public int Backtracking()
    {
        var n = 0;
        foreach (var name in Names)
        {
            var m = _backtracking.Match(name);
            n += m.Success ? m.Groups.Count : 0;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = 8)]
    public int NonBacktracking()
    {
        var n = 0;
        foreach (var name in Names)
        {
            n += _linear.Match(name)?.Groups.Count ?? 0;
        }

        return n;
    }
}
