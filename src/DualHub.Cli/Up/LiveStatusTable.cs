using System.Globalization;
using System.Text.Json;
using DualHub.Cli.Supervision;
using Spectre.Console;

namespace DualHub.Cli.Up;

/// <summary>
/// <c>dualhub up</c>'s status on a terminal: one table updated in place every two seconds (state, health, restarts, and
/// from each child's <c>/health</c> an agent's active hub or a hub's forwarding backlog). Not on a terminal, the plain
/// <see cref="StatusTable"/> lines are printed when something changes.
/// </summary>
internal static class LiveStatusTable
{
    public static async Task RunAsync(UpSystem system, TimeProvider time, CancellationToken ct)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in new[] { "Name", "Kind", "State", "Health", "PID", "Restarts", "Now", "URL" })
        {
            table.AddColumn(c);
        }

        table.Caption(Markup.Escape($"state: {system.Topology.StateDirectory}   (Ctrl-C stops everything)"));
        try
        {
            await AnsiConsole.Live(table).AutoClear(false).StartAsync(async ctx =>
            {
                while (!ct.IsCancellationRequested)
                {
                    table.Rows.Clear();
                    foreach (var child in system.Supervisor.Children)
                    {
                        var healthy = child.Spec.HealthUrl is { } u && await system.Supervisor.IsHealthyAsync(u, ct);
                        var now = await NowAsync(system.Http, child, time, ct);
                        var url = child.Spec.HealthUrl is { } h ? $"{h.Scheme}://{h.Authority}" : "-";
                        table.AddRow(
                            Markup.Escape(child.Spec.Name),
                            Markup.Escape(child.Spec.Kind),
                            Markup.Escape(child.Process.State.ToString()),
                            healthy ? "[green]healthy[/]" : "[red]DOWN[/]",
                            child.Process.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-",
                            child.Process.Restarts.ToString(CultureInfo.InvariantCulture),
                            Markup.Escape(now),
                            Markup.Escape(url));
                    }

                    if (system.NatsDeployment is { } nats)
                    {
                        foreach (var s in nats.Servers.Values)
                        {
                            table.AddRow(Markup.Escape("nats-" + s.Node.Name), "nats", s.IsRunning ? "Running" : "Stopped", "-", s.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-", "-", "-", Markup.Escape(s.ClientUrl));
                        }
                    }

                    ctx.Refresh();
                    await Task.Delay(TimeSpan.FromSeconds(2), time, ct);
                }
            });
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>An agent's active hub, or a hub's forwarding backlog, from its /health; "-" when it does not answer.</summary>
    private static async Task<string> NowAsync(HttpClient http, SupervisedChild child, TimeProvider time, CancellationToken ct)
    {
        if (child.Spec.HealthUrl is not { } u || child.Spec.Kind is not ("agent" or "hub"))
        {
            return "-";
        }

        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1), time);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(u, "/health"), cts.Token));
            var root = doc.RootElement;
            if (child.Spec.Kind == "agent")
            {
                return root.TryGetProperty("active_hub", out var a) && a.ValueKind == JsonValueKind.Object
                    ? "-> " + a.GetProperty("name").GetString() + (a.GetProperty("index").GetInt32() == 0 ? " (primary)" : " (fallback)")
                    : "no hub";
            }

            var backlog = root.TryGetProperty("upstreams", out var ups) ? ups.EnumerateArray().Sum(x => x.GetProperty("pending_samples").GetInt64()) : 0;
            return "backlog " + backlog.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException or KeyNotFoundException or InvalidOperationException)
        {
            return "-";
        }
    }
}
