using DualHub.Hub.Options;
using DualHub.Hub.WebConsole.Deployment;
using DualHub.Hub.WebConsole.Html;
using DualHub.Hub.WebConsole.Sections;

namespace DualHub.Hub.WebConsole;

/// <summary>
/// What <c>/</c> shows: on a hub with <c>console.deployment</c> (CentralHub) the deployment first, then on every hub its
/// own targets, upstreams, journals, pushed groups and config.
/// </summary>
internal static class ConsolePages
{
    private static readonly (string, string)[] HubSections =
        [("targets", "Targets"), ("upstreams", "Upstreams"), ("journal", "Journals"), ("groups", "Pushed groups"), ("config", "Config")];

    private static readonly (string, string)[] DeploymentSections =
        [("machines", "Machines"), ("agents", "Agents"), ("paths", "Forwarding"), ("nats", "NATS"), ("ledger", "Loss ledger")];

    public static string Title(HubRuntime hub) => hub.Options.Role switch
    {
        HubRole.Central => "CentralHub " + hub.Options.EffectiveListen,
        HubRole.Edge => "EdgeHub " + hub.Options.EffectiveListen,
        _ => "Pushgateway " + hub.Options.EffectiveListen,
    };

    public static async Task<string> PageAsync(HubRuntime hub, CancellationToken ct)
    {
        var snapshot = await hub.Console.DeploymentAsync(ct);
        var h = new HtmlWriter(64 * 1024);
        IReadOnlyList<(string, string)> nav = snapshot is null ? HubSections : [.. DeploymentSections, .. HubSections];
        ConsolePage.Open(h, Title(hub), snapshot is null ? "hub" : "deployment", nav);
        Live(h, hub, snapshot);
        ConsolePage.Close(h, hub.Time.GetUtcNow());
        return h.ToString();
    }

    /// <summary>The inner HTML of <c>#live</c>, which the script swaps in without reloading the page.</summary>
    public static async Task<string> FragmentAsync(HubRuntime hub, CancellationToken ct)
    {
        var snapshot = await hub.Console.DeploymentAsync(ct);
        var h = new HtmlWriter(64 * 1024);
        Live(h, hub, snapshot);
        h.Raw("<p class=\"note\">Rendered ").Text(Units.Time(hub.Time.GetUtcNow())).Raw(".</p>");
        return h.ToString();
    }

    private static void Live(HtmlWriter h, HubRuntime hub, DeploymentSnapshot? snapshot)
    {
        if (snapshot is not null)
        {
            MachinesSection.Render(h, snapshot);
            AgentsSection.Render(h, snapshot, hub.Console.Failovers, new HubLinks(hub.Options.Console.Deployment));
            DeploymentUpstreamsSection.Render(h, snapshot);
            NatsStreamsSection.Render(h, snapshot);
            LossLedgerSection.Render(h, snapshot);
            h.Raw("<hr>");
        }

        TargetsSection.Render(h, hub);
        UpstreamsSection.Render(h, hub);
        JournalSection.Render(h, hub);
        GroupsSection.Render(h, hub);
        ConfigSection.Render(h, hub);
    }
}
