using System.CommandLine;
using System.Globalization;
using DualHub.Cli.Migration;

namespace DualHub.Cli.Commands;

/// <summary><c>dualhub rollback [--emergency] FILE...</c>: each FILE back from FILE.backup, verified.</summary>
internal static class RollbackCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("file") { Description = "Agent config files migrated earlier (each restored from FILE.backup).", Arity = ArgumentArity.OneOrMore };
        var emergency = new Option<bool>("--emergency") { Description = "Restore every file even when one fails (the plan's week-level rollback); list the failures at the end." };
        var cmd = new Command("rollback", "Restore agent configs from their .backup files atomically and verify each (same bytes, loads); prints what it did and how long it took.") { files, emergency };
        cmd.SetAction(parse =>
        {
            var time = TimeProvider.System;
            var started = time.GetTimestamp();
            var all = parse.GetValue(files)!;
            var emergencyMode = parse.GetValue(emergency);
            var failures = new List<string>();
            var restored = 0;
            foreach (var file in all)
            {
                try
                {
                    var bytes = ConfigRollback.Restore(file.FullName);
                    restored++;
                    Console.WriteLine($"{file.FullName}: restored from {file.FullName}{ConfigRollback.BackupSuffix} ({bytes} bytes, verified)");
                }
                catch (RollbackException ex)
                {
                    failures.Add(ex.Message);
                    Console.Error.WriteLine($"dualhub rollback: FAILED {ex.Message}");
                    if (!emergencyMode)
                    {
                        break;
                    }
                }
            }

            var elapsed = time.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
            Console.WriteLine($"{restored} of {all.Length} restored in {elapsed} ms");
            if (failures.Count == 0)
            {
                return 0;
            }

            Console.Error.WriteLine($"dualhub rollback: {failures.Count} failed{(emergencyMode ? string.Empty : " (stopped at the first; --emergency goes on past failures)")}:");
            foreach (var f in failures)
            {
                Console.Error.WriteLine("  " + f);
            }

            return 1;
        });
        return cmd;
    }
}
