using System.Text.Json;
using DualHub.Hub.WebConsole.Deployment;
using DualHub.Hub.WebConsole.Html;

namespace DualHub.Hub.WebConsole.Sections;

/// <summary>
/// Each agent from its own <c>/health</c>: active hub (primary or fallback), each hub's health, failovers and failbacks
/// with the last one's time and reason, spool, last push sequence.
/// </summary>
internal static class AgentsSection
{
    public static void Render(HtmlWriter h, DeploymentSnapshot d, FailoverTracker failovers, HubLinks links)
    {
        ConsolePage.Section(h, "agents", "Agents");
        ConsolePage.Table(h, "Agents and the hub each pushes to now", "Agent", "Machine", "Status", "Active hub", "Hubs", "Failovers / failbacks", "Last switch", "Spool", "Last push");
        var agents = d.OfKind("agent").ToList();
        foreach (var a in agents)
        {
            h.Raw("<tr><th scope=\"row\">").Link(DeploymentProbe.ProbeUrl(a.Part).ToString(), a.Part.Name).Raw("</th>").Td(a.Part.Machine);
            if (a.Json is not { } j)
            {
                h.Raw("<td>").Badge("unreachable").Raw("</td>").Raw("<td colspan=\"6\" class=\"err\">").Text(a.Error).Raw("</td></tr>");
                continue;
            }

            h.Raw("<td>").Badge(j.Str("status")).Raw("</td><td>");
            if (j.Obj("active_hub") is { } active)
            {
                var name = active.Str("name");
                links.Write(h, name, active.Str("url"));
                h.Raw(" ").Text(active.Long("index") == 0 ? "(primary)" : "(fallback)");
            }
            else
            {
                h.Text("none");
            }

            h.Raw("</td><td><ul class=\"plain\">");
            foreach (var hub in j.Arr("hubs"))
            {
                h.Raw("<li>").Text(hub.Str("name")).Raw(" ").Badge(hub.Str("state"));
                if (hub.Str("last_error") is { } err)
                {
                    h.Raw(" <span class=\"err\">").Text(err).Raw("</span>");
                }

                h.Raw("</li>");
            }

            h.Raw("</ul></td>").Td($"{j.Long("failovers")} / {j.Long("failbacks")}", "num").Td(LastSwitch(failovers.Last(a.Part.Name), j, d.At));
            var spool = j.Obj("spool") ?? default(JsonElement);
            h.Td($"{spool.Long("batches")} batches, {Units.Bytes(spool.Num("bytes"))}, {spool.Long("dropped")} dropped");
            var last = j.Obj("last_push") ?? default(JsonElement);
            h.Td($"#{last.Long("sequence")} to {last.Str("hub") ?? "-"}").Raw("</tr>");
        }

        if (agents.Count == 0)
        {
            h.EmptyRow(9, "No agents in console.deployment.");
        }

        ConsolePage.EndTable(h);
        h.Raw("</section>");
    }

    private static string LastSwitch(FailoverEvent? e, JsonElement agent, DateTimeOffset now)
    {
        if (e is not null)
        {
            return $"{e.Kind} {Units.Ago(e.At, now)} ({Units.Time(e.At)}), {e.From} -> {e.To}" + (e.Reason is null ? string.Empty : ": " + e.Reason);
        }

        return agent.Long("failovers") + agent.Long("failbacks") > 0 ? "before this hub started watching" : "none";
    }
}
