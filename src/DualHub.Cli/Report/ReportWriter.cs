namespace DualHub.Cli.Report;

/// <summary>Renders a report in the requested format (markdown | json).</summary>
internal static class ReportWriter
{
    public static IReadOnlyList<string> Formats { get; } = ["markdown", "json"];

    public static string Render(WeekReport report, string format, string source) => format switch
    {
        "json" => JsonReport.Render(report, source),
        _ => MarkdownReport.Render(report, source),
    };

    /// <summary>Writes the results file and the Markdown report into <paramref name="directory"/>; returns both paths.</summary>
    public static async Task<(string Results, string Report, WeekReport Built)> WriteRunAsync(string directory, CheckRun run, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var stamp = run.FinishedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var results = Path.Combine(directory, $"check-results-{stamp}.json");
        var markdown = Path.Combine(directory, $"week1-report-{stamp}.md");
        await CheckRunFile.WriteAsync(results, run, ct);
        var report = ReportBuilder.Build(run);
        await File.WriteAllTextAsync(markdown, MarkdownReport.Render(report, Path.GetFileName(results)), ct);
        return (results, markdown, report);
    }
}
