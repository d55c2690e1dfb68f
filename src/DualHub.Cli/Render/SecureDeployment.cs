using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DualHub.Cli.Up;
using DualHub.Core.Security;
using DualHub.Nats.Topology;

namespace DualHub.Cli.Render;

/// <summary>
/// <c>dualhub render --secure</c>: the material (<see cref="SecureMaterial"/>) generated once into the output's
/// <see cref="FolderName"/> folder, and what every rendered file needs to use it. Files are rendered against the
/// generated files where they are (the NATS confs need the password for its hash and the edge's leafnode URL), then
/// <see cref="Relocate"/> moves every path to <see cref="InstallDirectory"/>, where the install steps copy the folder.
/// </summary>
internal sealed partial class SecureDeployment
{
    public const string FolderName = "secure";

    public static readonly string InstallDirectory = Path.Combine(DeploymentRenderer.ConfigDirectory, FolderName);

    private static readonly string[] VmalertClients = ["datasource", "remoteRead", "remoteWrite"];

    private readonly string _local;

    private SecureDeployment(SecureMaterial material)
    {
        Material = material;
        _local = material.Directory;
    }

    /// <summary>The generated files where they were written.</summary>
    public SecureMaterial Material { get; }

    /// <summary>The web config every hub takes, at its install path.</summary>
    public static string WebConfigFile => Path.Combine(InstallDirectory, "web.yml");

    /// <summary>
    /// Generates the material into <paramref name="directory"/> (the server certificate names every host of
    /// <paramref name="nats"/>) and makes it the topology's <c>nats.security</c>, monitoring ports over https too.
    /// </summary>
    public static SecureDeployment Create(string directory, NatsTopologyOptions nats, TimeProvider time, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(nats);
        var full = Path.GetFullPath(directory);
        if (!SafePath().IsMatch(full))
        {
            // The paths are rewritten in the rendered text as written; nothing may have quoted or escaped them.
            throw new InvalidOperationException($"--out '{full}' must be a path of letters, digits and '/', '.', '_', '-', '+' only with --secure");
        }

        if (nats.Security is not null)
        {
            throw new InvalidOperationException("the topology has its own nats.security: --secure generates one; give one or the other");
        }

        var hosts = nats.Nodes.SelectMany(n => new[] { n.Host, string.IsNullOrEmpty(n.LeafHost) ? n.Host : n.LeafHost }).Distinct(StringComparer.Ordinal);
        var secure = new SecureDeployment(SecureMaterial.Create(full, time, hosts, lifetime));
        nats.Security = secure.Material.Nats;
        nats.Security.MonitorTls = true;

        // The web config names its files relative to itself (the toolkit's rule): right here and once installed.
        var web = secure.Material.WebConfigFile;
        ThrowawayPki.WritePrivate(web, File.ReadAllText(web).Replace("\"" + full + "/", "\"", StringComparison.Ordinal));
        return secure;
    }

    /// <summary>The text with every generated file's path moved to <see cref="InstallDirectory"/>.</summary>
    public string Relocate(string text) => text.Replace(_local + "/", InstallDirectory + "/", StringComparison.Ordinal);

    /// <summary>A hub's command line: its listener takes the web config.</summary>
    public static string[] HubArguments(string[] arguments) => [.. arguments, "--web.config.file", WebConfigFile];

    /// <summary>
    /// A hub config: every URL of a DualHub listener (<paramref name="secured"/>: HOST:PORT) is https; every scrape
    /// job (the shipped ones scrape DualHub listeners only) and every remote_write to a hub presents the CA, the client
    /// certificate and the password.
    /// </summary>
    public string HubConfig(string yaml, IReadOnlyCollection<string> secured)
    {
        var text = Https(yaml, secured);
        text = SecureConfigs.ScrapesOverHttps(text, Material);
        return HttpsWrite().Replace(text, m => m.Value + Material.ClientYaml("    "));
    }

    /// <summary>An agent config: https hubs with the CA and credentials, the health port behind the web config, NATS with its user and TLS.</summary>
    public string AgentConfig(string yaml, IReadOnlyCollection<string> secured)
    {
        var text = Https(yaml, secured);
        if (!AgentNats().IsMatch(text) && AgentNatsKey().IsMatch(text))
        {
            throw new InvalidOperationException("an agent's nats: section is not the shipped one-line mapping; --secure cannot add its credentials");
        }

        var withNats = AgentNats().Replace(text, m => m.Value + SecureConfigs.NatsLogin(Material), 1);
        return new StringBuilder(withNats.EndsWith('\n') ? withNats : withNats + "\n")
            .Append("# rendered by dualhub render --secure: TLS with a client certificate and basic auth to every hub\n")
            .Append("web_config_file: ").Append(YamlText.Quote(Material.WebConfigFile)).Append('\n')
            .Append(Material.ClientYaml(string.Empty))
            .ToString();
    }

    /// <summary>Alertmanager's config: the webhook to CentralHub (already https) presents the CA, certificate and password.</summary>
    public string Alertmanager(string yaml)
    {
        const string last = "        send_resolved: true\n";
        return yaml.EndsWith(last, StringComparison.Ordinal)
            ? yaml + SecureConfigs.AlertmanagerHttpConfig(Material, "        ")
            : throw new InvalidOperationException("Alertmanager's config does not end with its webhook; --secure cannot add its credentials");
    }

    /// <summary>vmalert's client flags for CentralHub: its query API (datasource, remote read) and remote write.</summary>
    public IEnumerable<string> VmalertArguments() =>
        VmalertClients.SelectMany(client => SecureConfigs.VmalertFlags(client, Material));

    /// <summary>What the operator does with the folder on each machine.</summary>
    public string InstallStep(string outDir) => string.Create(CultureInfo.InvariantCulture,
        $"--secure: copy {Path.Combine(outDir, FolderName)} to {InstallDirectory} on every machine (the same CA, certificates and passwords serve both), then `chown -R dualhub:dualhub {InstallDirectory} {DeploymentRenderer.ConfigDirectory}/nats-*.conf` (keys, passwords and the NATS confs stay mode 0600); the certificates expire {Material.ServerCertificateNotAfter():yyyy-MM-dd}: render --secure again before");

    private static string Https(string text, IReadOnlyCollection<string> secured) =>
        secured.Aggregate(text, (t, endpoint) => Regex.Replace(t, "http://" + Regex.Escape(endpoint) + "(?![0-9])", "https://" + endpoint, RegexOptions.None, TimeSpan.FromSeconds(1)));

    [GeneratedRegex(@"(?m)^  - url: ""?https://[^\n]*\n")]
    private static partial Regex HttpsWrite();

    [GeneratedRegex(@"(?m)^nats: \{")]
    private static partial Regex AgentNats();

    [GeneratedRegex(@"(?m)^nats:")]
    private static partial Regex AgentNatsKey();

    [GeneratedRegex(@"^/[A-Za-z0-9/._+-]*$")]
    private static partial Regex SafePath();
}
