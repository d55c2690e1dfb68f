using System.Globalization;

namespace DualHub.Metrics.Text;

/// <summary>Chooses the exposition format from a scraper's <c>Accept</c> header, as client_golang's <c>NegotiateIncludingOpenMetrics</c> does.</summary>
public static class ContentNegotiation
{
    /// <summary>The protobuf content type (delimited <c>io.prometheus.client.MetricFamily</c>).</summary>
    public const string ProtobufContentType = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    /// <summary>
    /// Picks the format of the highest-q acceptable media range (first wins on ties):
    /// <c>application/openmetrics-text</c> (version 1.0.0, 0.0.1 or none) gives OpenMetrics,
    /// <c>application/vnd.google.protobuf</c> with <c>proto=io.prometheus.client.MetricFamily</c> gives protobuf when
    /// <paramref name="allowProtobuf"/>, <c>text/plain</c> (version 0.0.4 or none) gives text; anything else text 0.0.4.
    /// </summary>
    public static ExpositionFormat Negotiate(string? accept, bool allowOpenMetrics = true, bool allowProtobuf = true)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return ExpositionFormat.Text004;
        }

        var ranges = new List<(double Q, int Index, ExpositionFormat? Format)>();
        var index = 0;
        foreach (var part in accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            var mediaType = pieces[0].ToLowerInvariant();
            var q = 1.0;
            string? version = null;
            string? proto = null;
            string? encoding = null;
            foreach (var parameter in pieces.Skip(1))
            {
                var eq = parameter.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    continue;
                }

                var key = parameter[..eq].Trim().ToLowerInvariant();
                var value = parameter[(eq + 1)..].Trim().Trim('"');
                switch (key)
                {
                    case "q":
                        q = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var qv) ? qv : 0;
                        break;
                    case "version":
                        version = value;
                        break;
                    case "proto":
                        proto = value;
                        break;
                    case "encoding":
                        encoding = value;
                        break;
                }
            }

            ExpositionFormat? format = mediaType switch
            {
                "application/openmetrics-text" when allowOpenMetrics && (version is null or "" or "1.0.0" or "0.0.1") => ExpositionFormat.OpenMetrics,
                "application/vnd.google.protobuf" when allowProtobuf && proto == "io.prometheus.client.MetricFamily" && (encoding is null or "delimited") => ExpositionFormat.ProtobufDelimited,
                "text/plain" when version is null or "" or "0.0.4" => ExpositionFormat.Text004,
                _ => null,
            };
            if (q > 0)
            {
                ranges.Add((q, index++, format));
            }
        }

        foreach (var range in ranges.OrderByDescending(r => r.Q).ThenBy(r => r.Index))
        {
            if (range.Format is { } f)
            {
                return f;
            }
        }

        return ExpositionFormat.Text004;
    }

    /// <summary>
    /// Pushgateway's choice of body parser for a push: true (delimited protobuf) only when the
    /// <c>Content-Type</c> is <c>application/vnd.google.protobuf</c> with <c>proto=io.prometheus.client.MetricFamily</c>
    /// and <c>encoding=delimited</c> (type and parameter names case-insensitive, values may be quoted);
    /// anything else, or no Content-Type, means text 0.0.4.
    /// </summary>
    public static bool IsProtobufDelimited(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }

        var pieces = contentType.Split(';', StringSplitOptions.TrimEntries);
        if (!pieces[0].Equals("application/vnd.google.protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string? proto = null;
        string? encoding = null;
        foreach (var parameter in pieces.Skip(1))
        {
            var eq = parameter.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                // Go's mime.ParseMediaType fails on a malformed parameter, and the push is then read as text.
                return false;
            }

            var key = parameter[..eq].Trim().ToLowerInvariant();
            var value = parameter[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            if (key == "proto")
            {
                proto = value;
            }
            else if (key == "encoding")
            {
                encoding = value;
            }
        }

        return proto == "io.prometheus.client.MetricFamily" && encoding == "delimited";
    }

    /// <summary>The <c>Content-Type</c> to answer with for <paramref name="format"/>.</summary>
    public static string ContentTypeOf(ExpositionFormat format) => format switch
    {
        ExpositionFormat.OpenMetrics => OpenMetricsWriter.ContentType,
        ExpositionFormat.ProtobufDelimited => ProtobufContentType,
        _ => TextWriter004.ContentType,
    };
}
