using System.Text.RegularExpressions;

namespace DualHub.Hub.Query;

/// <summary>One matcher of an instant vector selector; regexes are fully anchored as in PromQL.</summary>
public sealed class LabelMatcher
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);
    private readonly Regex? _regex;

    public LabelMatcher(string name, MatchType type, string value)
    {
        Name = name;
        Type = type;
        Value = value;
        if (type is MatchType.Regex or MatchType.NotRegex)
        {
            try
            {
                // RE2 syntax is close to .NET's for what selectors use; (?s) because RE2's '.' matches '\n' in PromQL.
                _regex = new Regex("^(?s:" + value + ")$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexTimeout);
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
        MatchType.Regex => SafeMatch(value),
        _ => !SafeMatch(value),
    };

    private bool SafeMatch(string value)
    {
        try
        {
            return _regex!.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
