using System.Text;

namespace DualHub.Hub.Query;

/// <summary>
/// Parses a PromQL instant vector selector: <c>name</c>, <c>name{l="v",...}</c> or <c>{...}</c>, operators
/// <c>= != =~ !~</c>, strings in double, single or back quotes. Functions and operators are not supported.
/// </summary>
public static class SelectorParser
{
    private const int MaxLength = 16 * 1024;

    public static List<LabelMatcher> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new SelectorParseException("empty query");
        }

        if (text.Length > MaxLength)
        {
            throw new SelectorParseException($"query longer than {MaxLength} characters");
        }

        var pos = 0;
        var matchers = new List<LabelMatcher>();
        SkipSpace(text, ref pos);
        var name = Identifier(text, ref pos, metric: true);
        if (name.Length > 0)
        {
            matchers.Add(new LabelMatcher("__name__", MatchType.Equal, name));
        }

        SkipSpace(text, ref pos);
        if (pos < text.Length && text[pos] == '{')
        {
            pos++;
            while (true)
            {
                SkipSpace(text, ref pos);
                if (pos < text.Length && text[pos] == '}')
                {
                    pos++;
                    break;
                }

                var label = Identifier(text, ref pos, metric: false);
                if (label.Length == 0)
                {
                    throw Error(text, pos, "expected a label name");
                }

                SkipSpace(text, ref pos);
                var op = Operator(text, ref pos);
                SkipSpace(text, ref pos);
                var value = StringLiteral(text, ref pos);
                matchers.Add(new LabelMatcher(label, op, value));
                SkipSpace(text, ref pos);
                if (pos < text.Length && text[pos] == ',')
                {
                    pos++;
                    continue;
                }

                if (pos < text.Length && text[pos] == '}')
                {
                    pos++;
                    break;
                }

                throw Error(text, pos, "expected ',' or '}'");
            }
        }

        SkipSpace(text, ref pos);
        if (pos != text.Length)
        {
            throw Error(text, pos, "only instant vector selectors are supported");
        }

        if (matchers.Count == 0)
        {
            throw new SelectorParseException("vector selector must contain at least one non-empty matcher");
        }

        if (matchers.TrueForAll(m => m.Matches(string.Empty)))
        {
            throw new SelectorParseException("vector selector must contain at least one non-empty matcher");
        }

        return matchers;
    }

    private static SelectorParseException Error(string text, int pos, string message) =>
        new($"1:{pos + 1}: parse error: {message}");

    private static void SkipSpace(string text, ref int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos]))
        {
            pos++;
        }
    }

    private static string Identifier(string text, ref int pos, bool metric)
    {
        var start = pos;
        while (pos < text.Length)
        {
            var c = text[pos];
            var ok = char.IsAsciiLetter(c) || c == '_' || (metric && c == ':') || (pos > start && char.IsAsciiDigit(c));
            if (!ok)
            {
                break;
            }

            pos++;
        }

        return text[start..pos];
    }

    private static MatchType Operator(string text, ref int pos)
    {
        if (pos + 1 < text.Length)
        {
            var two = text.AsSpan(pos, 2);
            if (two.SequenceEqual("=~"))
            {
                pos += 2;
                return MatchType.Regex;
            }

            if (two.SequenceEqual("!~"))
            {
                pos += 2;
                return MatchType.NotRegex;
            }

            if (two.SequenceEqual("!="))
            {
                pos += 2;
                return MatchType.NotEqual;
            }
        }

        if (pos < text.Length && text[pos] == '=')
        {
            pos++;
            return MatchType.Equal;
        }

        throw Error(text, pos, "expected one of =, !=, =~, !~");
    }

    private static string StringLiteral(string text, ref int pos)
    {
        if (pos >= text.Length || text[pos] is not ('"' or '\'' or '`'))
        {
            throw Error(text, pos, "expected a quoted string");
        }

        var quote = text[pos++];
        var sb = new StringBuilder();
        while (pos < text.Length)
        {
            var c = text[pos++];
            if (c == quote)
            {
                return sb.ToString();
            }

            if (c == '\\' && quote != '`')
            {
                if (pos >= text.Length)
                {
                    break;
                }

                var e = text[pos++];
                sb.Append(e switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '\\' => '\\',
                    '"' => '"',
                    '\'' => '\'',
                    _ => throw Error(text, pos - 2, $"unknown escape sequence \\{e}"),
                });
                continue;
            }

            sb.Append(c);
        }

        throw Error(text, pos, "unterminated quoted string");
    }
}
