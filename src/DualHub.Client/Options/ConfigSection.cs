using System.Globalization;
using DualHub.Core.Yaml;
using DualHub.Metrics.Durations;
using YamlDotNet.RepresentationModel;

namespace DualHub.Client.Options;

/// <summary>
/// A YAML mapping of an agent config with typed getters whose errors name the key and line
/// (<c>file:line: key: problem</c>). Agents read their own keys through it.
/// </summary>
public sealed class ConfigSection
{
    private readonly YamlMappingNode _node;
    private readonly string _source;

    internal ConfigSection(YamlMappingNode node, string path, string source)
    {
        _node = node;
        Path = path;
        _source = source;
    }

    /// <summary>Dotted path of this section ("" for the document).</summary>
    public string Path { get; }

    /// <summary>Keys present in this section, in file order.</summary>
    public IEnumerable<string> Keys => _node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty);

    /// <summary>True when <paramref name="key"/> is present.</summary>
    public bool Has(string key) => Find(key) is not null;

    /// <summary>Fails on any key not in <paramref name="known"/> (typos must not pass silently).</summary>
    public void RejectUnknown(params string[] known)
    {
        foreach (var (k, _) in _node.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? string.Empty;
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw Error(k, name, "unknown key (known: " + string.Join(", ", known) + ")");
            }
        }
    }

    /// <summary>A string value, or null when absent.</summary>
    public string? GetString(string key) => Scalar(key)?.Value;

    /// <summary>A string value; fails when absent or empty.</summary>
    public string GetRequiredString(string key)
    {
        var s = GetString(key);
        return string.IsNullOrWhiteSpace(s) ? throw Missing(key) : s;
    }

    /// <summary>A duration (seconds like 30 or 0.5, or Go syntax like 500ms, 2m, 1h30m), or null when absent.</summary>
    public TimeSpan? GetDuration(string key)
    {
        var n = Scalar(key);
        if (n is null)
        {
            return null;
        }

        const DurationSyntax syntax = DurationSyntax.Seconds | DurationSyntax.Go;
        if (!DurationText.TryParse(n.Value.AsSpan().Trim(), syntax, out var d))
        {
            throw Error(n, key, $"'{n.Value}' is not a duration ({DurationText.Describe(syntax)})");
        }

        return d >= TimeSpan.Zero ? d : throw Error(n, key, $"'{n.Value}' must not be negative");
    }

    /// <summary>A number within [<paramref name="min"/>, <paramref name="max"/>], or null when absent.</summary>
    public double? GetDouble(string key, double min = double.MinValue, double max = double.MaxValue)
    {
        var n = Scalar(key);
        if (n is null)
        {
            return null;
        }

        if (!double.TryParse(n.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            throw Error(n, key, $"'{n.Value}' is not a number");
        }

        return v < min || v > max ? throw Error(n, key, $"{v.ToString(CultureInfo.InvariantCulture)} is out of range [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]") : v;
    }

    /// <summary>An integer within [<paramref name="min"/>, <paramref name="max"/>], or null when absent.</summary>
    public long? GetInt(string key, long min = long.MinValue, long max = long.MaxValue)
    {
        var n = Scalar(key);
        if (n is null)
        {
            return null;
        }

        if (!long.TryParse(n.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            throw Error(n, key, $"'{n.Value}' is not an integer");
        }

        return v < min || v > max ? throw Error(n, key, $"{v.ToString(CultureInfo.InvariantCulture)} is out of range [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]") : v;
    }

    /// <summary>A YAML 1.1 boolean (<see cref="YamlBool"/>), or null when absent.</summary>
    public bool? GetBool(string key)
    {
        var n = Scalar(key);
        return n?.Value is null ? null : YamlBool.Parse(n.Value) ?? throw Error(n, key, $"'{n.Value}' is not true or false");
    }

    /// <summary>An absolute http(s) URL, or null when absent.</summary>
    public Uri? GetHttpUrl(string key)
    {
        var n = Scalar(key);
        return n is null ? null : ParseHttpUrl(n, key);
    }

    /// <summary>An absolute http(s) URL; fails when absent.</summary>
    public Uri GetRequiredHttpUrl(string key) => GetHttpUrl(key) ?? throw Missing(key);

    /// <summary>A list of strings (a YAML sequence, or one scalar); empty when absent.</summary>
    public IReadOnlyList<string> GetStringList(string key)
    {
        var n = Find(key);
        return n switch
        {
            null => [],
            YamlScalarNode s => [s.Value ?? string.Empty],
            YamlSequenceNode seq => seq.Children.Select((c, i) => (c as YamlScalarNode)?.Value ?? throw Error(c, $"{key}[{i}]", "must be a string")).ToList(),
            _ => throw Error(n, key, "must be a list of strings"),
        };
    }

    /// <summary>A nested mapping, or null when absent.</summary>
    public ConfigSection? GetSection(string key)
    {
        var n = Find(key);
        return n switch
        {
            null => null,
            YamlMappingNode m => new ConfigSection(m, Qualify(key), _source),
            YamlScalarNode { Value: null or "" or "~" or "null" } => null,
            _ => throw Error(n, key, "must be a mapping (key: value)"),
        };
    }

    /// <summary>A list of mappings (e.g. targets), empty when absent.</summary>
    public IReadOnlyList<ConfigSection> GetSectionList(string key)
    {
        var n = Find(key);
        return n switch
        {
            null => [],
            YamlSequenceNode seq => seq.Children.Select((c, i) => c is YamlMappingNode m ? new ConfigSection(m, $"{Qualify(key)}[{i}]", _source) : throw Error(c, $"{key}[{i}]", "must be a mapping")).ToList(),
            _ => throw Error(n, key, "must be a list"),
        };
    }

    /// <summary>A mapping below this section's document (a list item) read as a section: errors name the same file.</summary>
    internal ConfigSection Nested(YamlMappingNode node, string path) => new(node, path, _source);

    internal YamlNode? Find(string key) =>
        _node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    internal Uri ParseHttpUrl(YamlNode n, string key)
    {
        var text = (n as YamlScalarNode)?.Value;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw Error(n, key, $"'{text}' is not an absolute http:// or https:// URL");
        }

        return uri;
    }

    internal AgentConfigException Error(YamlNode node, string key, string problem) =>
        new(Qualify(key), $"{_source}:{node.Start.Line.ToString(CultureInfo.InvariantCulture)}: {Qualify(key)}: {problem}");

    internal AgentConfigException Missing(string key) =>
        new(Qualify(key), $"{_source}:{_node.Start.Line.ToString(CultureInfo.InvariantCulture)}: {Qualify(key)}: is required");

    private YamlScalarNode? Scalar(string key)
    {
        var n = Find(key);
        return n switch
        {
            null => null,
            YamlScalarNode s => s,
            _ => throw Error(n, key, "must be a single value"),
        };
    }

    private string Qualify(string key) => Path.Length == 0 ? key : Path + "." + key;
}
