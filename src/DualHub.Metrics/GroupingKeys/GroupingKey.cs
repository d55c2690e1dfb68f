using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;
using DualHub.Metrics.Formatting;
using DualHub.Metrics.Model;

namespace DualHub.Metrics.GroupingKeys;

/// <summary>
/// The Pushgateway grouping-key path codec: <c>job/&lt;JOB&gt;{/&lt;name&gt;/&lt;value&gt;}</c>, with
/// <c>@base64</c> name suffixes (URL-safe base64, padding optional, <c>=</c> for an empty value),
/// and the canonical key string of a label set. Error texts are Pushgateway 1.5.1's.
/// </summary>
public static class GroupingKey
{
    private const string Base64Suffix = "@base64";
    private const char CanonicalSeparator = '\uFFFF';

    /// <summary>
    /// Parses the part of a push URL after <c>/metrics/</c>, e.g. <c>job/batch/instance/a</c> or
    /// <c>job@base64/YmF0Y2g/path@base64/L3Zhci90bXA</c>, into a label set sorted by name.
    /// The path must already be percent-decoded the way Go does it (<c>%2F</c> becomes a separator,
    /// <c>+</c> stays <c>+</c>): <see cref="Uri.UnescapeDataString(string)"/> of the raw path does that.
    /// On failure <paramref name="error"/> is the Pushgateway's 400 message.
    /// </summary>
    public static bool TryParsePath(
        string path,
        [NotNullWhen(true)] out Label[]? labels,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        labels = null;
        bool jobBase64;
        string rest;
        if (path.StartsWith("job@base64/", StringComparison.Ordinal))
        {
            jobBase64 = true;
            rest = path["job@base64/".Length..];
        }
        else if (path.StartsWith("job/", StringComparison.Ordinal))
        {
            jobBase64 = false;
            rest = path["job/".Length..];
        }
        else
        {
            error = "job name is required";
            return false;
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var job = slash < 0 ? rest : rest[..slash];
        var labelString = slash < 0 ? string.Empty : rest[slash..];
        if (jobBase64)
        {
            if (!GoBase64.TryDecode(job, out var bytes, out var b64Error))
            {
                // Go quotes what the failed decode returned, not the input.
                error = $"invalid base64 encoding in job name {GoQuote.Quote(bytes)}: {b64Error}";
                return false;
            }

            if (!TryUtf8(bytes, out job))
            {
                error = $"invalid UTF-8 in base64-decoded job name {GoQuote.Quote(bytes)}";
                return false;
            }
        }

        if (job.Length == 0)
        {
            error = "job name is required";
            return false;
        }

        if (!TrySplitLabels(labelString, out var map, out error))
        {
            return false;
        }

        map["job"] = job;
        labels = new Label[map.Count];
        var i = 0;
        foreach (var (name, value) in map)
        {
            labels[i++] = new Label(name, value);
        }

        Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return true;
    }

    /// <summary>
    /// As <see cref="TryParsePath"/>, for the path still percent-encoded as it came on the wire
    /// (e.g. Kestrel's <c>IHttpRequestFeature.RawTarget</c> after <c>/metrics/</c>, query removed):
    /// decodes it the way Go does (every <c>%XX</c> including <c>%2F</c>, <c>+</c> kept) and refuses bad
    /// escapes and bytes that are not UTF-8, which Pushgateway also answers with 400.
    /// </summary>
    public static bool TryParseEscapedPath(
        string escapedPath,
        [NotNullWhen(true)] out Label[]? labels,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(escapedPath);
        labels = null;
        if (escapedPath.Contains('%', StringComparison.Ordinal))
        {
            var bytes = new List<byte>(escapedPath.Length);
            var i = 0;
            while (i < escapedPath.Length)
            {
                var percent = escapedPath.IndexOf('%', i);
                bytes.AddRange(Encoding.UTF8.GetBytes(escapedPath[i..(percent < 0 ? escapedPath.Length : percent)]));
                if (percent < 0)
                {
                    break;
                }

                if (percent + 2 >= escapedPath.Length || !char.IsAsciiHexDigit(escapedPath[percent + 1]) || !char.IsAsciiHexDigit(escapedPath[percent + 2]))
                {
                    error = $"invalid URL escape {GoQuote.Quote(escapedPath.Substring(percent, Math.Min(3, escapedPath.Length - percent)))}";
                    return false;
                }

                bytes.Add(Convert.ToByte(escapedPath.Substring(percent + 1, 2), 16));
                i = percent + 3;
            }

            var decoded = bytes.ToArray();
            if (!TryUtf8(decoded, out escapedPath) && !TryWithoutReplacedValues(decoded, out escapedPath))
            {
                error = $"grouping key path is not valid UTF-8 after decoding: {GoQuote.Quote(decoded)}";
                return false;
            }
        }

        return TryParsePath(escapedPath, out labels, out error);
    }

    /// <summary>
    /// Encodes a label set (which must contain a non-empty <c>job</c>) as the part of a push URL after
    /// <c>/metrics/</c>: <c>job</c> first, then the other labels by name; a value that is empty or
    /// contains <c>/</c> uses <c>@base64</c>, others are percent-escaped like Go's <c>url.PathEscape</c>.
    /// </summary>
    public static string ToPath(IReadOnlyList<Label> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        string? job = null;
        foreach (var l in labels)
        {
            if (l.Name == "job")
            {
                job = l.Value;
            }
        }

        if (string.IsNullOrEmpty(job))
        {
            throw new ArgumentException("A grouping key needs a non-empty job label.", nameof(labels));
        }

        var sb = new StringBuilder();
        AppendComponent(sb, "job", job);
        var others = labels.Where(static l => l.Name != "job").OrderBy(static l => l.Name, StringComparer.Ordinal);
        foreach (var l in others)
        {
            sb.Append('/');
            AppendComponent(sb, l.Name, l.Value);
        }

        return sb.ToString();
    }

    /// <summary>
    /// A canonical key for a label set, for dictionaries and journals: name/value pairs sorted by
    /// name, each name and value separated by U+FFFF (a noncharacter, so never ambiguous).
    /// Same order and shape as Pushgateway's <c>name\xFFvalue</c> key.
    /// </summary>
    public static string ToCanonicalString(IReadOnlyList<Label> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var sorted = SortedCopy(labels);
        var sb = new StringBuilder();
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(CanonicalSeparator);
            }

            sb.Append(sorted[i].Name).Append(CanonicalSeparator).Append(sorted[i].Value);
        }

        return sb.ToString();
    }

    /// <summary>Pushgateway's own key bytes: UTF-8 <c>name 0xFF value</c> pairs sorted by name, joined by 0xFF.</summary>
    public static byte[] ToCanonicalBytes(IReadOnlyList<Label> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var sorted = SortedCopy(labels);
        var bytes = new List<byte>();
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i > 0)
            {
                bytes.Add(0xFF);
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(sorted[i].Name));
            bytes.Add(0xFF);
            bytes.AddRange(Encoding.UTF8.GetBytes(sorted[i].Value));
        }

        return [.. bytes];
    }

    private static Label[] SortedCopy(IReadOnlyList<Label> labels)
    {
        var sorted = labels.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return sorted;
    }

    // Pushgateway's splitLabels: the label string keeps its leading '/'.
    private static bool TrySplitLabels(string labelString, out Dictionary<string, string> map, [NotNullWhen(false)] out string? error)
    {
        map = new Dictionary<string, string>(StringComparer.Ordinal);
        error = null;
        if (labelString.Length <= 1)
        {
            return true;
        }

        var components = labelString.Split('/');
        if (components.Length % 2 == 0)
        {
            error = $"odd number of components in label string {GoQuote.Quote(labelString)}";
            return false;
        }

        for (var i = 1; i < components.Length - 1; i += 2)
        {
            var name = components[i];
            var value = components[i + 1];
            var trimmed = name.EndsWith(Base64Suffix, StringComparison.Ordinal) ? name[..^Base64Suffix.Length] : name;
            if (!LabelNames.IsValidLabelName(trimmed) || trimmed.StartsWith("__", StringComparison.Ordinal))
            {
                error = $"improper label name {GoQuote.Quote(trimmed)}";
                return false;
            }

            if (ReferenceEquals(name, trimmed))
            {
                map[name] = value;
                continue;
            }

            if (!GoBase64.TryDecode(value, out var bytes, out var b64Error))
            {
                error = $"invalid base64 encoding for label {trimmed}={GoQuote.Quote(value)}: {b64Error}";
                return false;
            }

            if (!TryUtf8(bytes, out var decoded))
            {
                error = $"invalid UTF-8 in base64-decoded value of label {trimmed}: {GoQuote.Quote(bytes)}";
                return false;
            }

            map[trimmed] = decoded;
        }

        return true;
    }

    /// <summary>
    /// The Pushgateway keeps the last value of a repeated label (and <c>job</c> from the path's job part) and checks
    /// UTF-8 only in the values it keeps: a plain value that is not UTF-8 and that a later pair of the same name (or
    /// the job) replaces is never looked at. The path with each such value emptied, when every other segment is UTF-8.
    /// </summary>
    private static bool TryWithoutReplacedValues(byte[] decoded, out string path)
    {
        path = string.Empty;
        var segments = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= decoded.Length; i++)
        {
            if (i == decoded.Length || decoded[i] == (byte)'/')
            {
                segments.Add(decoded[start..i]);
                start = i + 1;
            }
        }

        // segments: job|job@base64, JOB, then name, value pairs from index 2.
        var text = new string[segments.Count];
        for (var i = 0; i < segments.Count; i++)
        {
            if (TryUtf8(segments[i], out text[i]))
            {
                continue;
            }

            if (i < 3 || i % 2 == 0 || !TryUtf8(segments[i - 1], out var name) || name.EndsWith(Base64Suffix, StringComparison.Ordinal) || !ReplacedLater(segments, i, name))
            {
                return false;
            }

            text[i] = string.Empty;
        }

        path = string.Join('/', text);
        return true;
    }

    // Whether the label of the pair whose value is at index i is set again later (plain or @base64) or is job.
    private static bool ReplacedLater(List<byte[]> segments, int i, string name)
    {
        if (name == "job")
        {
            return true;
        }

        for (var j = i + 1; j + 1 < segments.Count; j += 2)
        {
            if (TryUtf8(segments[j], out var later) && (later == name || later == name + Base64Suffix))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryUtf8(byte[] bytes, out string value)
    {
        if (!Utf8.IsValid(bytes))
        {
            value = string.Empty;
            return false;
        }

        value = Encoding.UTF8.GetString(bytes);
        return true;
    }

    private static void AppendComponent(StringBuilder sb, string name, string value)
    {
        if (value.Length == 0)
        {
            sb.Append(name).Append(Base64Suffix).Append("/=");
        }
        else if (value.Contains('/', StringComparison.Ordinal))
        {
            sb.Append(name).Append(Base64Suffix).Append('/').Append(GoBase64.Encode(Encoding.UTF8.GetBytes(value)));
        }
        else
        {
            sb.Append(name).Append('/');
            PathEscape(sb, value);
        }
    }

    // Go's url.PathEscape: unreserved and "$&+:=@" stay, everything else (as UTF-8) becomes %XX.
    private static void PathEscape(StringBuilder sb, string value)
    {
        const string hex = "0123456789ABCDEF";
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            var keep = b < 0x80 && (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '$' or '&' or '+' or ':' or '=' or '@');
            if (keep)
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(hex[b >> 4]).Append(hex[b & 0xF]);
            }
        }
    }
}
