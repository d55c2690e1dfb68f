using System.Globalization;
using DualHub.Hub.WebConsole.Html;

namespace DualHub.Hub.WebConsole.Sections;

/// <summary>
/// The effective config (file, overrides and defaults resolved) as key/value rows. Passwords, tokens and header values
/// are shown as <see cref="Redacted"/>; a URL loses its user information.
/// </summary>
internal static class ConfigSection
{
    public const string Redacted = "<redacted>";

    public static void Render(HtmlWriter h, HubRuntime hub)
    {
        var o = hub.Options;
        ConsolePage.Section(h, "config", "Effective configuration");
        ConsolePage.Table(h, "Effective configuration, secrets redacted", "Key", "Value");
        Row(h, "role", o.Role.ToString().ToLowerInvariant());
        Row(h, "listen", o.EffectiveListen);
        Row(h, "data_dir", o.DataDir);
        Row(h, "enable_admin_api", Bool(o.EnableAdminApi));
        Row(h, "enable_lifecycle", Bool(o.EnableLifecycle));
        Row(h, "ttl", o.Ttl == TimeSpan.Zero ? "0 (never)" : o.Ttl.ToString());
        Row(h, "auth.bearer_token", Secret(o.Auth.BearerToken));
        Row(h, "auth.username", o.Auth.Username);
        Row(h, "auth.password", Secret(o.Auth.Password));
        Row(h, "limits", $"max_body_bytes {o.Limits.MaxBodyBytes}, max_labels_per_series {o.Limits.MaxLabelsPerSeries}, max_label_name_length {o.Limits.MaxLabelNameLength}, max_label_value_length {o.Limits.MaxLabelValueLength}, max_series_per_push {o.Limits.MaxSeriesPerPush}, max_series_total {o.Limits.MaxSeriesTotal}");
        Row(h, "journal", $"synchronous {o.Journal.Synchronous}, compact_interval {o.Journal.CompactInterval}, compact_after_ops {o.Journal.CompactAfterOps}");
        if (o.Nats.Enabled)
        {
            Row(h, "nats.url", string.Join(",", o.Nats.Urls.Select(StripUserInfo)));
            Row(h, "nats", $"node {o.Nats.Node}, publish {Bool(o.Nats.Publishes)}, consume {Bool(o.Nats.Consumes)}, stream {o.Nats.Stream}, consumer {o.Nats.Consumer}");
        }

        var p = o.Prometheus;
        Row(h, "global", $"scrape_interval {p.Global.ScrapeInterval}, scrape_timeout {p.Global.ScrapeTimeout}, external_labels {string.Join(",", p.Global.ExternalLabels.Select(kv => kv.Key + "=" + kv.Value))}");
        foreach (var s in p.ScrapeConfigs)
        {
            var targets = string.Join(", ", s.StaticConfigs.SelectMany(c => c.Targets));
            var auth = s.BasicAuth is not null || s.BearerToken is not null || s.BearerTokenFile is not null ? ", auth " + Redacted : string.Empty;
            Row(h, "scrape_configs." + s.JobName, $"{s.Scheme}://[{targets}]{s.MetricsPath} every {p.IntervalOf(s)}, honor_labels {Bool(s.HonorLabels)}{auth}");
        }

        foreach (var r in p.RemoteWrite)
        {
            var secrets = r.BasicAuth is not null || r.BearerToken is not null ? ", auth " + Redacted : string.Empty;
            var headers = r.Headers.Count > 0 ? ", headers " + string.Join(",", r.Headers.Keys.Select(k => k + ": " + Redacted)) : string.Empty;
            Row(h, "remote_write." + r.Name, StripUserInfo(r.Url.ToString()) + secrets + headers);
        }

        Row(h, "sample_journal", $"{p.SampleJournal.Path}, max_age {p.SampleJournal.MaxAge}, max_bytes {p.SampleJournal.MaxBytes.ToString(CultureInfo.InvariantCulture)}");
        foreach (var part in o.Console.Deployment)
        {
            Row(h, "console.deployment." + part.Name, $"{part.Kind} on {part.Machine}: {StripUserInfo(part.Url.ToString())}");
        }

        ConsolePage.EndTable(h);
        h.Raw("</section>");
    }

    private static void Row(HtmlWriter h, string key, string? value) => h.Raw("<tr><th scope=\"row\">").Text(key).Raw("</th>").Td(value ?? "-").Raw("</tr>");

    private static string Bool(bool b) => b ? "true" : "false";

    private static string? Secret(string? s) => string.IsNullOrEmpty(s) ? null : Redacted;

    /// <summary><c>scheme://user:pass@host/...</c> without <c>user:pass@</c>.</summary>
    public static string StripUserInfo(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.UserInfo.Length > 0 ? new UriBuilder(u) { UserName = string.Empty, Password = string.Empty }.Uri.ToString() : url;
}
