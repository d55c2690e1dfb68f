using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DualHub.Cli.Up;

/// <summary>
/// What <c>up --secure</c> changes in the rendered configs and command lines, with <see cref="SecureMaterial"/>: hubs'
/// scrapes and remote_write over https with the client certificate and basic auth, agents' hubs over https with the
/// same, their NATS logins and health listeners' web config, Alertmanager's webhook and vmalert's CentralHub flags.
/// </summary>
internal static partial class SecureConfigs
{
    /// <summary>
    /// A shipped hub template (deploy/hubs, already addressed): every scrape job with <c>scheme: https</c> and the
    /// client keys, every <c>remote_write</c> URL https with the client keys (all of them point at hubs).
    /// </summary>
    public static string HubTemplate(string yaml, SecureMaterial secure)
    {
        ArgumentNullException.ThrowIfNull(secure);
        yaml = ScrapesOverHttps(yaml, secure);
        return RemoteWriteUrl().Replace(yaml, m => $"{m.Groups["i"].Value}- url: https://{m.Groups["rest"].Value}\n" + secure.ClientYaml(m.Groups["i"].Value + "  "));
    }

    /// <summary>Every scrape job of a hub config with <c>scheme: https</c> and the client keys (the shipped jobs scrape DualHub listeners only).</summary>
    public static string ScrapesOverHttps(string yaml, SecureMaterial secure)
    {
        ArgumentNullException.ThrowIfNull(secure);
        return ScrapeJob().Replace(yaml, m => m.Value + m.Groups["i"].Value + "  scheme: https\n" + secure.ClientYaml(m.Groups["i"].Value + "  "));
    }

    /// <summary>
    /// An agent's YAML (deploy/agents, already addressed): its hubs and watched targets https, <c>tls_config</c> and
    /// <c>basic_auth</c> for them, its NATS login, and with <paramref name="healthTls"/> the web config of its health port.
    /// </summary>
    public static string Agent(string yaml, SecureMaterial secure, bool healthTls)
    {
        ArgumentNullException.ThrowIfNull(secure);
        yaml = yaml.Replace("http://", "https://", StringComparison.Ordinal);
        yaml = NatsFlow().Replace(yaml, m => m.Value + NatsLogin(secure));
        var sb = new StringBuilder(yaml);
        if (!yaml.EndsWith('\n'))
        {
            sb.Append('\n');
        }

        sb.Append("# up --secure: every hub over https with the client certificate and basic auth\n");
        sb.Append(secure.ClientYaml(string.Empty));
        if (healthTls)
        {
            sb.Append(CultureInfo.InvariantCulture, $"web_config_file: {YamlText.Quote(secure.WebConfigFile)}\n");
        }

        return sb.ToString();
    }

    /// <summary>
    /// What an agent's one-line <c>nats: {</c> mapping gets after its brace: the NATS user, its password file and TLS with
    /// the client certificate.
    /// </summary>
    public static string NatsLogin(SecureMaterial secure)
    {
        ArgumentNullException.ThrowIfNull(secure);
        var nats = secure.Nats;
        return string.Create(CultureInfo.InvariantCulture,
            $" user: {nats.User}, password_file: {YamlText.Quote(nats.PasswordFile!)}, tls_config: {{ ca_file: {YamlText.Quote(secure.Pki.CaFile)}, cert_file: {YamlText.Quote(secure.Pki.ClientCertFile)}, key_file: {YamlText.Quote(secure.Pki.ClientKeyFile)} }},");
    }

    /// <summary>Alertmanager's <c>http_config</c> for the webhook to CentralHub, in Alertmanager's keys, indented by <paramref name="indent"/>.</summary>
    public static string AlertmanagerHttpConfig(SecureMaterial secure, string indent)
    {
        ArgumentNullException.ThrowIfNull(secure);
        return indent + "http_config:\n" + secure.ClientYaml(indent + "  ");
    }

    /// <summary>vmalert's flags for its client <paramref name="prefix"/> (datasource, remoteRead, remoteWrite) towards CentralHub.</summary>
    public static IEnumerable<string> VmalertFlags(string prefix, SecureMaterial secure)
    {
        ArgumentNullException.ThrowIfNull(secure);
        return
        [
            $"-{prefix}.tlsCAFile={secure.Pki.CaFile}",
            $"-{prefix}.tlsCertFile={secure.Pki.ClientCertFile}",
            $"-{prefix}.tlsKeyFile={secure.Pki.ClientKeyFile}",
            $"-{prefix}.basicAuth.username={SecureMaterial.User}",
            $"-{prefix}.basicAuth.passwordFile={secure.PasswordFile}",
        ];
    }

    // A scrape job's first line; its keys are indented two more than the dash.
    [GeneratedRegex(@"(?m)^(?<i>[ ]*)- job_name:[^\n]*\n")]
    private static partial Regex ScrapeJob();

    // A remote_write entry's first line (the templates' only list of URLs).
    [GeneratedRegex(@"(?m)^(?<i>[ ]*)- url: http://(?<rest>[^\n]*)\n")]
    private static partial Regex RemoteWriteUrl();

    // The agents' templates write nats as a flow mapping on one line.
    [GeneratedRegex(@"(?m)^nats: \{")]
    private static partial Regex NatsFlow();
}
