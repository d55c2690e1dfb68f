using DualHub.Hub.Regexp;

namespace DualHub.Hub.Query;

/// <summary>One matcher of an instant vector selector; regexes are fully anchored as in PromQL.</summary>
public sealed class LabelMatcher
{
    private readonly GoRegexp? _regex;

    public LabelMatcher(string name, MatchType type, string value)
    {
        Name = name;
        Type = type;
        Value = value;
        if (type is MatchType.Regex or MatchType.NotRegex)
        {
            try
            {
                // Selectors come over HTTP: RE2's syntax and its linear time, so no pattern stalls a query.
                _regex = new GoRegexp(value, dotMatchesNewline: true);
            }
            catch (ArgumentException ex)
            {
                throw new SelectorParseException($"invalid regular expression {value}: {ex.Message}");
            }
        }
    }

    public string Name { get; }

    public MatchType Type { get; }

    public string Value { get; }

    /// <summary>Matches a label value; an absent label has the value "".</summary>
    public bool Matches(string value) => Type switch
    {
        MatchType.Equal => value == Value,
        MatchType.NotEqual => value != Value,
        MatchType.Regex => _regex!.IsMatch(value),
        _ => !_regex!.IsMatch(value),
    };
}
