using System.CommandLine;
using DualHub.Cli.Report;

namespace DualHub.Cli.Commands;

/// <summary><c>dualhub report --from FILE</c>: the plan's completion report with the GO/NO-GO decision, from a results file.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var from = new Option<FileInfo>("--from") { Description = "Results file written by `dualhub up --check` (check-results-*.json).", Required = true };
        var format = new Option<string>("--format") { Description = "markdown (default) or json.", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong([.. ReportWriter.Formats]);
        var soak = new Option<FileInfo?>("--soak") { Description = "Results file written by `dualhub soak`: its stability, availability, delivery, response-time and growth results join the run's (the 24 h and KPI rows)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the report here instead of standard output." };
        var cmd = new Command("report", "The plan's Week 1 completion report (Markdown or JSON) with the GO/NO-GO decision from its criteria. Exit 0 when rendered, 2 on a bad results file.")
        {
            from, soak, format, output,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(from)!;
            CheckRun run;
            try
            {
                run = CheckRunFile.Read(file.FullName);
                if (parse.GetValue(soak) is { } soakFile)
                {
                    var soaked = CheckRunFile.Read(soakFile.FullName);
                    run = run with
                    {
                        Checks = [.. run.Checks, .. soaked.Checks],
                        Deployment = run.Deployment + "; soak: " + soaked.Deployment,
                    };
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"dualhub report: {ex.Message}");
                return 2;
            }

            var report = ReportBuilder.Build(run);
            var text = ReportWriter.Render(report, parse.GetValue(format)!, file.Name);
            if (parse.GetValue(output) is { } target)
            {
                try
                {
                    Directory.CreateDirectory(target.DirectoryName!);
                    await File.WriteAllTextAsync(target.FullName, text, ct);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"dualhub report: cannot write {target.FullName}: {ex.Message}");
                    return 2;
                }

                Console.WriteLine($"{target.FullName}: {report.Decision} ({report.Outcome.ToString().ToUpperInvariant()}), {run.Checks.Count(c => c.Passed)} of {run.Checks.Count} checks passed");
            }
            else
            {
                Console.Write(text);
            }

            return 0;
        });
        return cmd;
    }
}
