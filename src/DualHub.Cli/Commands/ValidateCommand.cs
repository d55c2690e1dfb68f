using System.CommandLine;
using DualHub.Cli.Validate;

namespace DualHub.Cli.Commands;

/// <summary><c>dualhub validate FILE...</c>: config errors and warnings with file:line, including the plan's traps.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Hub configs (prometheus-edge.yml style too), agent YAMLs, topology files, nats-server .conf files, Prometheus rule files (groups:) and their promtool tests; a folder stands for its *.yml, *.yaml and *.conf files.", Arity = ArgumentArity.OneOrMore };
        var strict = new Option<bool>("--strict") { Description = "Exit 1 on warnings too." };
        var cmd = new Command("validate", "Check config files: errors and warnings with file:line, including the plan's traps (R2 on 2 nodes, failover timing vs the plan's target, stream/subject mismatch, port clashes, stale keys). Exit 0 when clean, 1 on errors (or warnings with --strict).")
        {
            files, strict,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            // As typed: findings read file:line the way the user named the file. A folder stands for its config files.
            var paths = parse.GetValue(files)!.Select(f => f.ToString()).SelectMany(ConfigValidator.Expand).ToList();
            var reports = await ConfigValidator.ValidateAsync(paths, ct);
            foreach (var finding in reports.SelectMany(r => r.Findings).OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line))
            {
                Console.WriteLine(finding);
            }

            var errors = reports.Sum(r => r.Findings.Count(f => f.Severity == FindingSeverity.Error));
            var warnings = reports.Sum(r => r.Findings.Count(f => f.Severity == FindingSeverity.Warning));
            foreach (var r in reports)
            {
                var e = r.Findings.Count(f => f.Severity == FindingSeverity.Error);
                var w = r.Findings.Count(f => f.Severity == FindingSeverity.Warning);
                Console.WriteLine($"{r.File}: {r.Kind}: {(e + w == 0 ? "ok" : $"{e} errors, {w} warnings")}");
            }

            Console.WriteLine($"{reports.Count} files: {errors} errors, {warnings} warnings");
            return errors > 0 || (parse.GetValue(strict) && warnings > 0) ? 1 : 0;
        });
        return cmd;
    }
}
