using DualHub.Core.Security;

namespace DualHub.Hub.Options;

/// <summary>The YAML shape of the hub's <c>console:</c> section.</summary>
internal sealed class ConsoleConfigSection
{
    public List<PartSection>? Deployment { get; set; }

    /// <summary>What the deployment probes present to https parts (Prometheus' client keys).</summary>
    public NatsConfigSection.TlsSection? TlsConfig { get; set; }

    public BasicAuthSection? BasicAuth { get; set; }

    /// <summary>The section checked: every part has a known kind, a name and an absolute http(s) URL.</summary>
    public ConsoleOptions Resolve()
    {
        var parts = new List<DeploymentPart>();
        var i = 0;
        foreach (var p in Deployment ?? [])
        {
            var key = $"console.deployment[{i++}]";
            if (string.IsNullOrWhiteSpace(p.Name))
            {
                throw new HubConfigException($"{key}.name: missing");
            }

            if (p.Kind is null || !DeploymentPart.Kinds.Contains(p.Kind))
            {
                throw new HubConfigException($"{key}.kind: '{p.Kind}' is not one of hub, nats, agent");
            }

            if (!Uri.TryCreate(p.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new HubConfigException($"{key}.url: '{p.Url}' is not an absolute http(s) URL");
            }

            parts.Add(new DeploymentPart(p.Machine ?? string.Empty, p.Kind, p.Name, url));
        }

        if (BasicAuth is not null && string.IsNullOrEmpty(BasicAuth.Username))
        {
            throw new HubConfigException("console.basic_auth.username: required");
        }

        return new ConsoleOptions
        {
            Deployment = parts,
            TlsConfig = TlsConfig?.ToClientTls(),
            BasicAuth = BasicAuth is null ? null : new ClientBasicAuth { Username = BasicAuth.Username!, Password = BasicAuth.Password, PasswordFile = BasicAuth.PasswordFile },
        };
    }

    /// <summary><c>console.basic_auth</c>: <c>username</c> with <c>password</c> or <c>password_file</c>.</summary>
    internal sealed class BasicAuthSection
    {
        public string? Username { get; set; }

        public string? Password { get; set; }

        public string? PasswordFile { get; set; }
    }

    internal sealed class PartSection
    {
        public string? Machine { get; set; }

        public string? Kind { get; set; }

        public string? Name { get; set; }

        public string? Url { get; set; }
    }
}
