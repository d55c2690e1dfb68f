using System.Text;
using DualHub.Hub.Http;
using DualHub.Metrics.GroupingKeys;

namespace DualHub.Fuzz.Targets;

/// <summary>
/// A push URL's path after <c>/metrics/</c>, raw as on the wire: decoded, cleaned and routed as the hub does, then the
/// grouping key (with <c>@base64</c>) parsed. Try-parsers throw nothing; a redirect must lead to the cleaned path; an
/// accepted key must survive <see cref="GroupingKey.ToPath"/>.
/// </summary>
internal static class GroupingKeyTarget
{
    public static FuzzOutcome Run(ReadOnlySpan<byte> input)
    {
        var rawPath = "/metrics/" + Encoding.UTF8.GetString(input);
        if (rawPath.Contains('?', StringComparison.Ordinal) || !GoPath.TryUnescape(rawPath, out var path))
        {
            return FuzzOutcome.Refused;
        }

        var clean = GoPath.Clean(path);
        if (clean != path)
        {
            if (!GoPath.TryUnescape(GoPath.Escape(clean), out var redirected) || redirected != clean)
            {
                throw new FuzzInvariantException($"the redirect for '{path}' leads to '{redirected}', not '{clean}'");
            }

            return FuzzOutcome.Refused;
        }

        if (!path.StartsWith("/metrics/job/", StringComparison.Ordinal) && !path.StartsWith("/metrics/job@base64/", StringComparison.Ordinal))
        {
            return FuzzOutcome.Refused;
        }

        if (!new KeyPath(rawPath, path).TryParse(out var labels, out _))
        {
            return FuzzOutcome.Refused;
        }

        var canonical = GroupingKey.ToPath(labels);
        if (!GroupingKey.TryParseEscapedPath(canonical, out var again, out var error))
        {
            throw new FuzzInvariantException($"the canonical path '{canonical}' of an accepted key does not parse: {error}");
        }

        if (GroupingKey.ToCanonicalString(again) != GroupingKey.ToCanonicalString(labels))
        {
            throw new FuzzInvariantException($"the canonical path '{canonical}' parses to another key");
        }

        return FuzzOutcome.Accepted;
    }
}
