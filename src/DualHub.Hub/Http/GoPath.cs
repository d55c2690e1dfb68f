using System.Text;

namespace DualHub.Hub.Http;

/// <summary>Go net/http path handling the Pushgateway's clients rely on: decoding before routing, and ServeMux cleaning.</summary>
internal static class GoPath
{
    /// <summary>ServeMux's cleanPath: path.Clean, keeping a trailing slash.</summary>
    public static string Clean(string p)
    {
        if (p.Length == 0)
        {
            return "/";
        }

        if (p[0] != '/')
        {
            p = "/" + p;
        }

        var parts = new List<string>();
        foreach (var seg in p.Split('/'))
        {
            if (seg.Length == 0 || seg == ".")
            {
                continue;
            }

            if (seg == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(seg);
        }

        var np = "/" + string.Join('/', parts);
        if (p[^1] == '/' && np != "/")
        {
            np += "/";
        }

        return np;
    }

    /// <summary>
    /// httprouter's RedirectFixedPath for the push routes: a path whose fixed parts (<c>/metrics/job/</c>,
    /// <c>/metrics/job@base64/</c>) differ only in letter case, followed by a job, gets them in their case; null for any
    /// other path, including one already in that case.
    /// </summary>
    public static string? FixPushPathCase(string path)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["/metrics/job@base64/", "/metrics/job/"])
        {
            if (path.Length > prefix.Length && path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return path.StartsWith(prefix, StringComparison.Ordinal) ? null : prefix + path[prefix.Length..];
            }
        }

        return null;
    }

    /// <summary>Percent-decodes like Go's url.PathUnescape (<c>%2F</c> becomes <c>/</c>, <c>+</c> stays); false on a bad escape.</summary>
    public static bool TryUnescape(string raw, out string decoded)
    {
        decoded = raw;
        if (!raw.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length || !Uri.IsHexDigit(raw[i + 1]) || !Uri.IsHexDigit(raw[i + 2]))
                {
                    return false;
                }

                bytes.Add((byte)((Uri.FromHex(raw[i + 1]) << 4) | Uri.FromHex(raw[i + 2])));
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        decoded = Encoding.UTF8.GetString([.. bytes]);
        return true;
    }

    /// <summary>Escapes a decoded path for a Location header (like Go's url.URL.EscapedPath).</summary>
    public static string Escape(string path)
    {
        var sb = new StringBuilder(path.Length);
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || "-._~/!$&'()*+,;=:@".Contains(c, StringComparison.Ordinal))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
