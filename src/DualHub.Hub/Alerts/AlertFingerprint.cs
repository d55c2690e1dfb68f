using System.Buffers;
using System.Globalization;
using System.Text;

namespace DualHub.Hub.Alerts;

/// <summary>
/// The fingerprint Prometheus and Alertmanager give a label set: FNV-1a 64 over the labels sorted by name, each name and
/// value followed by the byte 0xff, printed as 16 lower-case hex digits. An alert the hub raises itself gets the
/// fingerprint Alertmanager would give it.
/// </summary>
public static class AlertFingerprint
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;
    private const byte Separator = 0xff;
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The fingerprint of <paramref name="labels"/> (any order).</summary>
    public static string Of(IEnumerable<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var hash = Offset;
        Span<byte> buffer = stackalloc byte[256];
        foreach (var (name, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            hash = Add(hash, name, buffer);
            hash = Add(hash, value, buffer);
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="fingerprint"/> has the form <see cref="Of"/> gives: 16 hex digits.</summary>
    public static bool IsWellFormed(string fingerprint) =>
        fingerprint is { Length: 16 } && fingerprint.AsSpan().IndexOfAnyExcept(HexDigits) < 0;

    private static ulong Add(ulong hash, string text, Span<byte> buffer)
    {
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length ? buffer : new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        var n = Encoding.UTF8.GetBytes(text, bytes);
        foreach (var b in bytes[..n])
        {
            hash = (hash ^ b) * Prime;
        }

        return (hash ^ Separator) * Prime;
    }
}
