using System.Text;

namespace DualHub.Hub.Query;

/// <summary>
/// A query API request as the hub received it: its route, whether it came as a POST form, and every parameter in
/// Prometheus' order (form values first, then the URL's), repeated names such as <c>match[]</c> kept.
/// </summary>
public sealed record QueryRequest(QueryRoute Route, bool IsPost, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary>The client's <c>Accept-Encoding</c>, passed to the store so a compressed answer streams through as it is.</summary>
    public string? AcceptEncoding { get; init; }

    /// <summary>The first value of <paramref name="name"/> (Go's <c>FormValue</c>), or null.</summary>
    public string? Get(string name)
    {
        foreach (var (key, value) in Parameters)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Every value of <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<string> GetAll(string name) => [.. Parameters.Where(p => p.Key == name).Select(p => p.Value)];

    /// <summary>The parameters form-encoded (<c>a=1&amp;b=2</c>), with <paramref name="replace"/> set instead of the request's own values of its name.</summary>
    public string Encode(KeyValuePair<string, string>? replace = null)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in Parameters)
        {
            if (replace is { } r && key == r.Key)
            {
                continue;
            }

            Append(sb, key, value);
        }

        if (replace is { } set)
        {
            Append(sb, set.Key, set.Value);
        }

        return sb.ToString();
    }

    private static void Append(StringBuilder sb, string key, string value)
    {
        if (sb.Length > 0)
        {
            sb.Append('&');
        }

        sb.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
    }
}
