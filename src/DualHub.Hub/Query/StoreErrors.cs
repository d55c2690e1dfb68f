using System.Text;
using System.Text.Json;

namespace DualHub.Hub.Query;

/// <summary>
/// Puts a store's error answer into Prometheus' shape, so promtool and Grafana read it as they read Prometheus':
/// an answer that already carries one of Prometheus' <c>errorType</c>s keeps its status, type and message; any other
/// (VictoriaMetrics answers a bad query with 422 and <c>"errorType":"422"</c>, a bad path with text) is mapped by its status.
/// </summary>
internal static class StoreErrors
{
    /// <summary>Longest error message kept from a store's answer.</summary>
    public const int MaxMessageChars = 4096;

    private static readonly HashSet<string> PrometheusErrorTypes = new(StringComparer.Ordinal)
    {
        "timeout", "canceled", "execution", "bad_data", "internal", "unavailable", "not_found",
    };

    /// <summary>The answer to give for the store's non-2xx answer.</summary>
    public static ApiError Map(int status, ReadOnlySpan<byte> body, string store)
    {
        var (errorType, message) = Read(body);
        if (errorType is not null && PrometheusErrorTypes.Contains(errorType))
        {
            return new ApiError(status, errorType, message);
        }

        message = message.Length == 0 ? $"empty answer with status {status}" : message;
        return status switch
        {
            400 or 422 => new ApiError(400, "bad_data", message),
            404 => new ApiError(404, "not_found", $"store {store} answered 404: {message}"),
            503 => new ApiError(503, "unavailable", $"store {store}: {message}"),
            504 => new ApiError(503, "timeout", $"store {store}: {message}"),
            >= 500 => new ApiError(500, "internal", $"store {store} answered {status}: {message}"),
            _ => new ApiError(503, "unavailable", $"store {store} answered {status}: {message}"),
        };
    }

    /// <summary>The <c>errorType</c> and <c>error</c> of a JSON error body; for any other body, no type and its text.</summary>
    private static (string? ErrorType, string Message) Read(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                string? errorType = null;
                string? error = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString();
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && name == "errorType")
                    {
                        errorType = reader.GetString();
                    }
                    else if (reader.TokenType == JsonTokenType.String && name == "error")
                    {
                        error = reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                if (error is not null)
                {
                    return (errorType, Trim(error));
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, cut at the size limit, or a string that is not UTF-8: the text itself is the message.
        }

        return (null, Trim(Encoding.UTF8.GetString(body)));
    }

    private static string Trim(string text)
    {
        text = text.Trim();
        return text.Length > MaxMessageChars ? text[..MaxMessageChars] + "..." : text;
    }
}
