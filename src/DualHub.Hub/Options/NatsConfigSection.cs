using DualHub.Core.Security;
using DualHub.Hub.Backbone;
using DualHub.Nats.Messaging;

namespace DualHub.Hub.Options;

/// <summary>The YAML shape of the hub's <c>nats:</c> section; <see cref="Resolve"/> turns it into <see cref="NatsHubOptions"/>.</summary>
internal sealed class NatsConfigSection
{
    private static readonly NatsHubOptions Defaults = new();

    public string? Url { get; set; }

    public string? Node { get; set; }

    public bool? Publish { get; set; }

    public bool? Consume { get; set; }

    public string? Stream { get; set; }

    public string? Consumer { get; set; }

    public int? MaxMessageBytes { get; set; }

    public string? PublishTimeout { get; set; }

    /// <summary>The user the hub logs in as (the topology's <c>nats.security.user</c>).</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    public string? PasswordFile { get; set; }

    public TlsSection? TlsConfig { get; set; }

    /// <summary>
    /// The section with the command-line url and node over the file's, the parsed <paramref name="publishTimeout"/>, and
    /// unset publish/consume following the role once a url is given: an edge publishes, a central consumes.
    /// </summary>
    public NatsHubOptions Resolve(HubRole role, TimeSpan? publishTimeout, HubOverrides overrides)
    {
        var options = new NatsHubOptions
        {
            Url = overrides.NatsUrl ?? Url,
            Node = overrides.NatsNode ?? Node,
            Stream = Stream ?? Defaults.Stream,
            Consumer = Consumer ?? Defaults.Consumer,
            MaxMessageBytes = MaxMessageBytes ?? Defaults.MaxMessageBytes,
            PublishTimeout = publishTimeout ?? Defaults.PublishTimeout,
            Auth = User is null && TlsConfig is null ? null : new NatsClientAuth
            {
                User = User,
                Password = Password,
                PasswordFile = PasswordFile,
                Tls = TlsConfig?.ToClientTls(),
            },
        };
        var configured = options.Urls.Count > 0;
        return options with
        {
            Publishes = Publish ?? (configured && role == HubRole.Edge),
            Consumes = Consume ?? (configured && role == HubRole.Central),
        };
    }

    /// <summary><c>nats.tls_config</c>, Prometheus' client keys.</summary>
    internal sealed class TlsSection
    {
        public string? CaFile { get; set; }

        public string? CertFile { get; set; }

        public string? KeyFile { get; set; }

        public string? ServerName { get; set; }

        public bool InsecureSkipVerify { get; set; }

        public ClientTlsConfig ToClientTls() => new()
        {
            CaFile = CaFile,
            CertFile = CertFile,
            KeyFile = KeyFile,
            ServerName = ServerName,
            InsecureSkipVerify = InsecureSkipVerify,
        };
    }
}
