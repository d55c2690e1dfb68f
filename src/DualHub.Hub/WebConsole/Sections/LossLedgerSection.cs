using System.Globalization;
using DualHub.Hub.WebConsole.Deployment;
using DualHub.Hub.WebConsole.Html;

namespace DualHub.Hub.WebConsole.Sections;

/// <summary>
/// The loss ledger: for every forwarding path, accepted = delivered + pending + dropped (by reason); for CentralHub's
/// ingest per path, received = kept + duplicates (not a loss) + dropped (out of order, conflict); the agents' spools.
/// </summary>
internal static class LossLedgerSection
{
    public static void Render(HtmlWriter h, DeploymentSnapshot d)
    {
        ConsolePage.Section(h, "ledger", "Loss ledger");
        h.Raw("<p>Samples, counted since each hub started. A path loses nothing while its dropped column is 0.</p>");
        ConsolePage.Table(h, "Per forwarding path: accepted = delivered + pending + dropped", "Hub", "Path", "Accepted", "Delivered", "Pending", "Dropped: refused", "Dropped: retention");
        foreach (var hub in d.OfKind("hub").Where(p => p.Json is not null))
        {
            var j = hub.Json!.Value;
            var paths = j.Arr("upstreams").Select(u => (Name: u.Str("name") ?? "?", U: u, Delivered: u.Long("samples_sent"))).ToList();
            if (j.Obj("nats")?.Obj("publish") is { } p)
            {
                paths.Add(("NATS publish", p, p.Long("samples_published")));
            }

            foreach (var (name, u, delivered) in paths)
            {
                var pending = u.Long("pending_samples");
                var refused = u.Long("samples_dropped_refused");
                var retention = u.Long("samples_dropped_retention");
                h.Raw("<tr><th scope=\"row\">").Text(hub.Part.Name).Raw("</th>").Td(name).Td(delivered + pending + refused + retention).Td(delivered).Td(pending)
                    .Td(refused.ToString(CultureInfo.InvariantCulture), refused > 0 ? "num bad" : "num").Td(retention.ToString(CultureInfo.InvariantCulture), retention > 0 ? "num bad" : "num").Raw("</tr>");
            }
        }

        ConsolePage.EndTable(h);
        ConsolePage.Table(h, "CentralHub ingest per path: received = kept + duplicates + dropped", "Hub", "Path", "Received", "Kept", "Duplicates (not lost)", "Dropped: out of order", "Dropped: conflict");
        foreach (var hub in d.OfKind("hub").Where(p => p.Json?.Obj("sample_journal")?.Obj("central_ingest") is not null))
        {
            foreach (var path in hub.Json!.Value.Obj("sample_journal")!.Value.Obj("central_ingest")!.Value.EnumerateObject())
            {
                var v = path.Value;
                long kept = v.Long("journaled"), dup = v.Long("duplicates"), ooo = v.Long("out_of_order"), conflict = v.Long("conflicts");
                h.Raw("<tr><th scope=\"row\">").Text(hub.Part.Name).Raw("</th>").Td(path.Name).Td(kept + dup + ooo + conflict).Td(kept).Td(dup)
                    .Td(ooo.ToString(CultureInfo.InvariantCulture), ooo > 0 ? "num bad" : "num").Td(conflict.ToString(CultureInfo.InvariantCulture), conflict > 0 ? "num bad" : "num").Raw("</tr>");
            }
        }

        ConsolePage.EndTable(h);
        ConsolePage.Table(h, "Agents: batches accepted by a hub, and lost from the spool", "Agent", "Pushes accepted", "In spool", "Dropped from spool");
        foreach (var a in d.OfKind("agent").Where(a => a.Json is not null))
        {
            var j = a.Json!.Value;
            var spool = j.Obj("spool") ?? default;
            var dropped = spool.Long("dropped");
            h.Raw("<tr><th scope=\"row\">").Text(a.Part.Name).Raw("</th>").Td(j.Long("pushes_accepted")).Td(spool.Long("batches")).Td(dropped.ToString(CultureInfo.InvariantCulture), dropped > 0 ? "num bad" : "num").Raw("</tr>");
        }

        ConsolePage.EndTable(h);
        h.Raw("</section>");
    }
}
