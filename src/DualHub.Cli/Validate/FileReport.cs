using System.Globalization;
using DualHub.Nats.Topology;

namespace DualHub.Cli.Validate;

/// <summary>What validating one file found, and the facts the cross-file checks need (ports, NATS references, topology).</summary>
internal sealed class FileReport(string file, string text)
{
    private Dictionary<string, int>? _lines;

    public string File => file;

    public string Text => text;

    public string Kind { get; set; } = "unknown";

    public List<ConfigFinding> Findings { get; } = [];

    public List<PortClaim> Claims { get; } = [];

    public List<NatsReference> NatsReferences { get; } = [];

    public NatsTopologyOptions? Topology { get; set; }

    public long LineOf(string key) => YamlKeyLines.LineOf(_lines ??= YamlKeyLines.Read(text), key);

    public void Add(FindingSeverity severity, string key, string message) =>
        Findings.Add(new ConfigFinding(severity, file, LineOf(key), message));

    /// <summary>
    /// A loader's error message as a finding: "FILE:LINE[:COL]: rest" keeps its line; "key: problem" gets the key's line.
    /// </summary>
    public void AddMessage(FindingSeverity severity, string message)
    {
        var rest = message;
        long line = 0;
        if (rest.StartsWith(file + ":", StringComparison.Ordinal))
        {
            rest = rest[(file.Length + 1)..];
            for (var i = 0; i < 2; i++)
            {
                var colon = rest.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && long.TryParse(rest.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    line = i == 0 ? n : line;
                    rest = rest[(colon + 1)..];
                }
            }

            rest = rest.TrimStart();
        }

        if (line == 0)
        {
            var colon = rest.IndexOf(": ", StringComparison.Ordinal);
            line = colon > 0 && !rest[..colon].Contains(' ', StringComparison.Ordinal) ? LineOf(rest[..colon]) : 0;
        }

        Findings.Add(new ConfigFinding(severity, file, line, rest));
    }
}
