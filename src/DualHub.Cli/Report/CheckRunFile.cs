using System.Text.Json;
using DualHub.Cli.Checkpoints;

namespace DualHub.Cli.Report;

/// <summary>
/// The results file of <c>up --check</c> (JSON, <see cref="Format"/>): every check with its id, figures, target and the
/// plan criteria it is evidence for. <c>dualhub report --from</c> reads it back; a bad file is an error naming it.
/// </summary>
internal static class CheckRunFile
{
    public const string Format = "dualhub-check-results/1";

    /// <summary>Largest results file read (a run is a few tens of KB).</summary>
    public const long MaxBytes = 16 << 20;

    public static string Serialize(CheckRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var file = new RunFile
        {
            Format = Format,
            StartedAt = run.StartedAt,
            FinishedAt = run.FinishedAt,
            Deployment = run.Deployment,
            StartError = run.StartError,
            Checks = [.. run.Checks.Select(c => new CheckRecord
            {
                Id = c.Id,
                Name = c.Name,
                Passed = c.Passed,
                Measured = c.Measured,
                // JSON has no NaN or infinity: a figure that is not a number is left out, not written as one.
                Values = [.. c.Values.Where(v => double.IsFinite(v.Value)).Select(v => new ValueRecord { Name = v.Name, Value = v.Value, Unit = v.Unit })],
                Target = c.Target,
                Criteria = PlanCriteria.For(c.Id),
            })],
        };
        return JsonSerializer.Serialize(file, ReportJsonContext.Default.RunFile);
    }

    public static async Task WriteAsync(string path, CheckRun run, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + ".tmp";
        await File.WriteAllTextAsync(tmp, Serialize(run), ct);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads a results file; throws <see cref="InvalidDataException"/> naming the file and the problem.</summary>
    public static CheckRun Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new InvalidDataException($"{path}: file not found");
        }

        if (info.Length > MaxBytes)
        {
            throw new InvalidDataException($"{path}: larger than {MaxBytes} bytes; not a results file");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static CheckRun Parse(string json, string source)
    {
        RunFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, ReportJsonContext.Default.RunFile);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not a results file: {ex.Message}", ex);
        }

        if (file is null || file.Format != Format)
        {
            throw new InvalidDataException($"{source}: \"format\" is {(file?.Format is { } f ? $"'{f}'" : "missing")}, expected '{Format}' (written by `dualhub up --check`)");
        }

        var checks = new List<CheckResult>();
        foreach (var (c, i) in (file.Checks ?? []).Select((c, i) => (c, i)))
        {
            if (string.IsNullOrWhiteSpace(c.Name) || string.IsNullOrWhiteSpace(c.Id))
            {
                throw new InvalidDataException($"{source}: checks[{i}]: \"id\" and \"name\" are required");
            }

            checks.Add(new CheckResult(c.Name, c.Passed, c.Measured ?? string.Empty)
            {
                Id = c.Id,
                Target = c.Target,
                Values = [.. (c.Values ?? []).Where(v => !string.IsNullOrEmpty(v.Name) && double.IsFinite(v.Value)).Select(v => new Measurement(v.Name!, v.Value, v.Unit ?? string.Empty))],
            });
        }

        return new CheckRun(file.StartedAt, file.FinishedAt, file.Deployment ?? string.Empty, checks) { StartError = file.StartError };
    }

    internal sealed class RunFile
    {
        public string? Format { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public DateTimeOffset FinishedAt { get; set; }

        public string? Deployment { get; set; }

        public string? StartError { get; set; }

        public List<CheckRecord>? Checks { get; set; }
    }

    internal sealed class CheckRecord
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public bool Passed { get; set; }

        public string? Measured { get; set; }

        public List<ValueRecord>? Values { get; set; }

        public string? Target { get; set; }

        public IReadOnlyList<string>? Criteria { get; set; }
    }

    internal sealed class ValueRecord
    {
        public string? Name { get; set; }

        public double Value { get; set; }

        public string? Unit { get; set; }
    }
}
