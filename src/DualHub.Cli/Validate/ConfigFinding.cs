using System.Globalization;

namespace DualHub.Cli.Validate;

/// <summary>One problem in a config file, printed as <c>file:line: severity: message</c> (line 0: the whole file).</summary>
internal sealed record ConfigFinding(FindingSeverity Severity, string File, long Line, string Message)
{
    public override string ToString() =>
        $"{File}{(Line > 0 ? ":" + Line.ToString(CultureInfo.InvariantCulture) : string.Empty)}: {Severity.ToString().ToLowerInvariant()}: {Message}";
}
