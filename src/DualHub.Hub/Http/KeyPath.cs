using System.Diagnostics.CodeAnalysis;
using DualHub.Metrics.GroupingKeys;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Http;

/// <summary>The grouping-key part of a push URL, raw (as on the wire) and decoded (as routed).</summary>
internal readonly record struct KeyPath(string RawPath, string DecodedPath)
{
    private const string Prefix = "/metrics/";

    /// <summary>Parses with DualHub.Metrics' codec; from the raw path when it has the plain prefix, so bad escapes and non-UTF-8 bytes get Go's 400.</summary>
    public bool TryParse([NotNullWhen(true)] out Label[]? labels, [NotNullWhen(false)] out string? error) =>
        RawPath.StartsWith(Prefix, StringComparison.Ordinal)
            ? GroupingKey.TryParseEscapedPath(RawPath[Prefix.Length..], out labels, out error)
            : GroupingKey.TryParsePath(DecodedPath[Prefix.Length..], out labels, out error);
}
