namespace DualHub.Fuzz;

/// <summary>Runs saved inputs once each (crash triage, corpus checks) and prints one line per input.</summary>
internal static class Replay
{
    public static int Run(FuzzCheck check, IEnumerable<string> paths)
    {
        var crashes = 0;
        foreach (var file in paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p) : [p]).Order(StringComparer.Ordinal))
        {
            try
            {
                Console.WriteLine($"{check(File.ReadAllBytes(file))}\t{file}");
            }
#pragma warning disable CA1031 // a crash is what replay reports
            catch (Exception ex)
#pragma warning restore CA1031
            {
                crashes++;
                Console.WriteLine($"CRASH\t{file}\t{ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
                Console.Error.WriteLine(ex);
            }
        }

        return crashes == 0 ? 0 : 1;
    }
}
