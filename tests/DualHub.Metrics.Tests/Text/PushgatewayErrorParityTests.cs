using System.Text.Json;
using DualHub.Metrics.Formatting;
using DualHub.Metrics.Text;

namespace DualHub.Metrics.Tests.Text;

/// <summary>
/// The fixture records 61 bodies PUT to prometheus-pushgateway 1.5.1 and its answers (status, body).
/// Where the Pushgateway's text parser rejected a body, ours must give the same message; where the
/// Pushgateway accepted it (200, or rejected later in its store), ours must parse it.
/// </summary>
public class PushgatewayErrorParityTests
{
    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Load().Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parser_gives_pushgateways_answer(int index)
    {
        var (input, code, body) = Load()[index];
        var expected = code == 200 || body.StartsWith("pushed metrics are invalid", StringComparison.Ordinal) ? "OK" : body.TrimEnd('\n');
        string actual;
        try
        {
            TextParser.Parse(input);
            actual = "OK";
        }
        catch (MetricsParseException ex)
        {
            actual = ex.Message;
        }

        if (actual.EndsWith("\"...", StringComparison.Ordinal))
        {
            // Our messages cut quoted input after GoQuote.MaxQuoted bytes; the rest must agree.
            Assert.StartsWith(actual[..^4], expected, StringComparison.Ordinal);
            Assert.True(expected.Length > GoQuote.MaxQuoted);
        }
        else
        {
            Assert.Equal(expected, actual);
        }
    }

    private static (byte[] Input, int Code, string Body)[] Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pushgateway-1.5.1-push-errors.json")));
        return [.. doc.RootElement.EnumerateArray().Select(c => (
            c.GetProperty("in").EnumerateArray().Select(e => (byte)e.GetInt32()).ToArray(),
            c.GetProperty("code").GetInt32(),
            c.GetProperty("body").GetString()!))];
    }
}
