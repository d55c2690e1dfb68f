using DualHub.Fuzz;
using SharpFuzz;

// Usage: DualHub.Fuzz TARGET [afl | libfuzzer | replay PATH...]
//   afl (default)  read inputs from afl-fuzz (fuzz/fuzz.sh runs it on the instrumented build)
//   libfuzzer      run under libfuzzer-dotnet
//   replay PATH... run files (or every file of folders) once each, print the outcome, exit 1 on a crash
//   cmin OUT PATH... keep in OUT the smallest inputs covering every edge the inputs reach (instrumented build only)
//   growth SEEDS QUEUE [WINDOW_S] when AFL++'s queue last reached new code (instrumented build only; default window 600 s)
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var check))
{
    Console.Error.WriteLine($"usage: DualHub.Fuzz TARGET [afl|libfuzzer|replay PATH...|cmin OUT PATH...|growth SEEDS QUEUE [WINDOW_S]]; targets: {string.Join(", ", FuzzTargets.All.Keys)}");
    return 2;
}

var mode = args.Length > 1 ? args[1] : "afl";
switch (mode)
{
    case "afl":
        Fuzzer.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            _ = check(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;
    case "libfuzzer":
        Fuzzer.LibFuzzer.Run(span => _ = check(span));
        return 0;
    case "replay":
        return Replay.Run(check, args[2..]);
    case "cmin" when args.Length > 3:
        return CorpusMinimizer.Run(check, args[2], args[3..]);
    case "growth" when args.Length > 3:
        return CoverageGrowth.Run(check, args[2], args[3], TimeSpan.FromSeconds(args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 600));
    default:
        Console.Error.WriteLine($"unknown mode '{mode}'");
        return 2;
}
