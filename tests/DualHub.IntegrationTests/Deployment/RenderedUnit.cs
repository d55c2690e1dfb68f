using System.Globalization;

namespace DualHub.IntegrationTests.Deployment;

/// <summary>One rendered systemd unit: name without <c>dualhub-</c> and <c>.service</c>, ExecStart words, After= units.</summary>
internal sealed record RenderedUnit(string Name, IReadOnlyList<string> ExecStart, IReadOnlyList<string> After, bool OneShot)
{
    public static RenderedUnit Parse(string path)
    {
        var lines = File.ReadAllLines(path);
        string Value(string key) => lines.Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
        static string Short(string unit) => unit["dualhub-".Length..^".service".Length];
        var name = Short(Path.GetFileName(path));
        return new RenderedUnit(
            name,
            Value("ExecStart").Split(' ', StringSplitOptions.RemoveEmptyEntries),
            [.. Value("After").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(u => u.StartsWith("dualhub-", StringComparison.Ordinal)).Select(Short)],
            string.Equals(Value("Type"), "oneshot", StringComparison.Ordinal));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}: {string.Join(' ', ExecStart)}");
}
