using System.Globalization;
using System.Text.RegularExpressions;

namespace DualHub.Cli.Up;

/// <summary>Moves every <c>127.0.0.1:PORT</c> in a shipped config by the <c>--base-port</c> shift, so a shifted <c>up</c> is self-contained.</summary>
internal static partial class LoopbackPorts
{
    public static string Shift(string text, int shift) =>
        LoopbackPort().Replace(text, m => m.Groups[1].Value + ShiftPort(m.Groups[2].Value, shift));

    public static string ShiftPort(string port, int shift) =>
        (int.Parse(port, CultureInfo.InvariantCulture) + shift).ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(127\.0\.0\.1:)(\d{2,5})")]
    private static partial Regex LoopbackPort();
}
