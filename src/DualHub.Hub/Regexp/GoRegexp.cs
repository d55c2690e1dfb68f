using System.Text;
using System.Text.RegularExpressions;

namespace DualHub.Hub.Regexp;

/// <summary>
/// A regex with Go RE2's meaning, fully anchored as Prometheus anchors relabel regexes (<c>^(?:...)$</c>) and PromQL
/// label matchers (<c>^(?s:...)$</c>): groups are numbered left to right whether named or not (<c>(?P&lt;n&gt;...)</c>
/// and <c>(?&lt;n&gt;...)</c>), <c>\d \w \s</c> and POSIX classes are ASCII, <c>\Q...\E</c> is literal, and <c>$</c>
/// templates expand as Go's <c>Regexp.Expand</c>.
/// </summary>
public sealed class GoRegexp
{
    // Values come from scraped targets; a pathological pattern must not stall a scrape loop. RE2 matches in time linear
    // in the input, and so does .NET's non-backtracking engine (which also refuses what RE2 has not: backreferences,
    // lookarounds, atomic groups); the timeout stays as a last guard.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z", ["alpha"] = "A-Za-z", ["digit"] = "0-9", ["lower"] = "a-z", ["upper"] = "A-Z",
        ["space"] = @"\t\n\v\f\r ", ["word"] = "0-9A-Za-z_", ["xdigit"] = "0-9A-Fa-f", ["blank"] = @"\t ",
        ["punct"] = @"!-/:-@\[-`{-~", ["cntrl"] = @"\x00-\x1F\x7F", ["print"] = @" -~", ["graph"] = @"!-~",
    };

    // Last of the statics: its constructor uses the ones above.

    /// <summary>The default regex, <c>(.*)</c>.</summary>
    public static readonly GoRegexp Default = new("(.*)");

    private readonly Regex _regex;
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);

    /// <param name="pattern">RE2 syntax.</param>
    /// <param name="dotMatchesNewline">Anchor as PromQL's label matchers do, <c>^(?s:...)$</c>, where <c>.</c> matches a line feed.</param>
    /// <exception cref="ArgumentException">Not a valid regular expression.</exception>
    public GoRegexp(string pattern, bool dotMatchesNewline = false)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
        try
        {
            _regex = new Regex((dotMatchesNewline ? @"\A(?s:" : @"\A(?:") + Translate(pattern) + @")\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout);
        }
        catch (NotSupportedException ex)
        {
            throw new ArgumentException($"invalid or unsupported Perl syntax in '{pattern}': {ex.Message}", nameof(pattern), ex);
        }
    }

    /// <summary>The pattern as written in the configuration (without the anchors).</summary>
    public string Pattern { get; }

    public bool IsDefault => ReferenceEquals(this, Default);

    public bool IsMatch(string input)
    {
        try
        {
            return _regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The match of the whole input, or null.</summary>
    public Match? Match(string input)
    {
        try
        {
            var m = _regex.Match(input);
            return m.Success ? m : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary><paramref name="template"/> with <c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>${name}</c> and <c>$$</c> expanded as Go does.</summary>
    public string Expand(string template, Match match)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(match);
        if (!template.Contains('$', StringComparison.Ordinal))
        {
            return template;
        }

        var sb = new StringBuilder(template.Length + 16);
        var rest = template.AsSpan();
        while (rest.Length > 0)
        {
            var dollar = rest.IndexOf('$');
            if (dollar < 0)
            {
                break;
            }

            sb.Append(rest[..dollar]);
            rest = rest[(dollar + 1)..];
            if (rest.Length > 0 && rest[0] == '$')
            {
                sb.Append('$');
                rest = rest[1..];
                continue;
            }

            if (!TryExtract(rest, out var name, out var consumed))
            {
                // Malformed: the '$' stays as text.
                sb.Append('$');
                continue;
            }

            rest = rest[consumed..];
            var group = GroupNumber(name);
            if (group >= 0 && group < match.Groups.Count && match.Groups[group].Success)
            {
                sb.Append(match.Groups[group].ValueSpan);
            }
        }

        return sb.Append(rest).ToString();
    }

    public override string ToString() => Pattern;

    private int GroupNumber(ReadOnlySpan<char> name)
    {
        var num = 0;
        foreach (var c in name)
        {
            if (c is < '0' or > '9' || num >= 100_000_000)
            {
                num = -1;
                break;
            }

            num = (num * 10) + (c - '0');
        }

        if (name[0] == '0' && name.Length > 1)
        {
            num = -1;
        }

        return num >= 0 ? num : _names.GetValueOrDefault(name.ToString(), -1);
    }

    /// <summary>Go's <c>extract</c>: a name of letters, digits and '_', optionally in braces.</summary>
    private static bool TryExtract(ReadOnlySpan<char> s, out ReadOnlySpan<char> name, out int consumed)
    {
        name = default;
        consumed = 0;
        var brace = s.Length > 0 && s[0] == '{';
        var start = brace ? 1 : 0;
        var i = start;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_'))
        {
            i++;
        }

        if (i == start)
        {
            return false;
        }

        name = s[start..i];
        if (brace)
        {
            if (i >= s.Length || s[i] != '}')
            {
                return false;
            }

            i++;
        }

        consumed = i;
        return true;
    }

    /// <summary>RE2 syntax into .NET syntax with the same meaning; named groups become plain ones, numbered in order.</summary>
    private string Translate(string p)
    {
        var sb = new StringBuilder(p.Length + 16);
        var groups = 0;
        var inClass = false;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '\\' && i + 1 < p.Length)
            {
                var e = p[++i];
                if (e == 'Q')
                {
                    var end = p.IndexOf(@"\E", i + 1, StringComparison.Ordinal);
                    var literal = end < 0 ? p[(i + 1)..] : p[(i + 1)..end];
                    sb.Append(inClass ? literal.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("]", @"\]", StringComparison.Ordinal).Replace("-", @"\-", StringComparison.Ordinal).Replace("^", @"\^", StringComparison.Ordinal) : Regex.Escape(literal));
                    i = end < 0 ? p.Length : end + 1;
                    continue;
                }

                sb.Append(AsciiClass(e, inClass) ?? (e == 'z' && !inClass ? @"\z" : "\\" + e));
                continue;
            }

            if (inClass)
            {
                if (c == '[' && i + 1 < p.Length && p[i + 1] == ':')
                {
                    var close = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close > 0)
                    {
                        var cls = p[(i + 2)..close];
                        var negated = cls.StartsWith('^');
                        if (PosixClasses.TryGetValue(negated ? cls[1..] : cls, out var ranges) && !negated)
                        {
                            sb.Append(ranges);
                            i = close + 1;
                            continue;
                        }
                    }

                    sb.Append(@"\[");
                    continue;
                }

                if (c == '[')
                {
                    sb.Append(@"\[");
                    continue;
                }

                if (c == ']')
                {
                    inClass = false;
                }

                sb.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    sb.Append('[');
                    if (i + 1 < p.Length && p[i + 1] == '^')
                    {
                        sb.Append('^');
                        i++;
                    }

                    if (i + 1 < p.Length && p[i + 1] == ']')
                    {
                        sb.Append(@"\]");
                        i++;
                    }

                    break;
                case '(' when i + 1 < p.Length && p[i + 1] == '?':
                    var nameStart = p.AsSpan(i).StartsWith("(?P<") ? i + 4 : p.AsSpan(i).StartsWith("(?<") && i + 3 < p.Length && p[i + 3] is not ('=' or '!') ? i + 3 : -1;
                    if (nameStart > 0)
                    {
                        var close = p.IndexOf('>', nameStart);
                        if (close < 0)
                        {
                            throw new ArgumentException($"invalid named capture in '{p}'");
                        }

                        groups++;
                        _names.TryAdd(p[nameStart..close], groups);
                        sb.Append('(');
                        i = close;
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
                case '(':
                    groups++;
                    sb.Append('(');
                    break;
                case '$':
                    // RE2 without (?m): end of text only (.NET's '$' also matches before a final newline).
                    sb.Append(@"\z");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static string? AsciiClass(char e, bool inClass) => e switch
    {
        'd' => inClass ? "0-9" : "[0-9]",
        'D' => inClass ? null : "[^0-9]",
        'w' => inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]",
        'W' => inClass ? null : "[^0-9A-Za-z_]",
        's' => inClass ? @"\t\n\f\r " : @"[\t\n\f\r ]",
        'S' => inClass ? null : @"[^\t\n\f\r ]",
        _ => null,
    };
}
