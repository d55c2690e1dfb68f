namespace DualHub.Hub.Query;

/// <summary>PromQL label matcher operators.</summary>
public enum MatchType
{
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}
