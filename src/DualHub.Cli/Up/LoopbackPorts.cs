using System.Globalization;
using System.Text.RegularExpressions;

namespace DualHub.Cli.Up;

/// <summary>Rewrites every <c>127.0.0.1:PORT</c> in a shipped config (the plan's ports) with an <see cref="Addressing"/>.</summary>
internal static partial class LoopbackPorts
{
    public static string Map(string text, Addressing addressing) =>
        LoopbackPort().Replace(text, m => addressing.Endpoint(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));

    [GeneratedRegex(@"127\.0\.0\.1:(\d{2,5})")]
    private static partial Regex LoopbackPort();
}
