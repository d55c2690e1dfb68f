using System.Globalization;
using System.Text;

namespace DualHub.IntegrationTests.Scenarios;

/// <summary>
/// The agent YAML a scenario's agent runs with (tests/scenarios/README.md): its name, the hubs in priority order, the
/// Pushgateway, the spool and a health port, with the scenario's <c>agent</c> keys merged on top.
/// </summary>
internal static class ScenarioAgentConfig
{
    public const string Job = "scenario_agent";

    public static string Render(IEnumerable<(string Name, string Url)> hubs, string? pushgateway, string spool, int healthPort, Dictionary<string, object?> overrides)
    {
        var endpoints = hubs.ToDictionary(h => h.Name, h => (object?)Quoted(h.Url));
        if (pushgateway is not null)
        {
            endpoints["pushgateway"] = Quoted(pushgateway);
        }

        var config = new Dictionary<string, object?>
        {
            ["agent"] = new Dictionary<string, object?> { ["name"] = Job, ["node"] = "scenario" },
            ["hub_endpoints"] = endpoints,
            ["spool"] = new Dictionary<string, object?> { ["path"] = Quoted(spool) },
            ["health_port"] = healthPort.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in overrides)
        {
            config[key] = value is Dictionary<string, object?> m && config.GetValueOrDefault(key) is Dictionary<string, object?> mine
                ? new Dictionary<string, object?>(mine.Concat(m).GroupBy(p => p.Key).Select(g => g.Last()))
                : value;
        }

        var text = new StringBuilder();
        Write(text, config, 0);
        return text.ToString();
    }

    // The scenario's own scalars are written plain, as the file had them; paths and URLs double-quoted.
    private static string Quoted(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static void Write(StringBuilder text, Dictionary<string, object?> map, int indent)
    {
        foreach (var (key, value) in map)
        {
            text.Append(' ', indent).Append(key).Append(':');
            switch (value)
            {
                case Dictionary<string, object?> m:
                    text.Append('\n');
                    Write(text, m, indent + 2);
                    break;
                case List<object?> l:
                    text.Append(" [").AppendJoin(", ", l).Append("]\n");
                    break;
                default:
                    text.Append(' ').Append(value).Append('\n');
                    break;
            }
        }
    }
}
