using ClientTlsConfig = DualHub.Core.Security.ClientTlsConfig;
using NatsClientAuth = DualHub.Nats.Messaging.NatsClientAuth;

namespace DualHub.Nats.Topology;

/// <summary>
/// <c>nats.security</c> of a topology: one user for every DualHub client and leafnode link (the server confs hold its
/// password's bcrypt hash; an edge's leafnode remote carries the password itself), and TLS on every client and
/// leafnode port (the server's certificate, the CA that signs it and, with <see cref="VerifyClients"/>, the client
/// certificates). Relative paths are relative to the topology file.
/// </summary>
public sealed class NatsSecurityOptions
{
    /// <summary>The one user of every client and leafnode link.</summary>
    public string? User { get; set; }

    /// <summary>The user's password (trailing newline trimmed); required with <see cref="User"/>.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>The CA that signs the servers' certificates (and the clients', with <see cref="VerifyClients"/>).</summary>
    public string? CaFile { get; set; }

    /// <summary>The servers' certificate, for every client and leafnode port; its names must cover the hosts clients dial.</summary>
    public string? CertFile { get; set; }

    public string? KeyFile { get; set; }

    /// <summary>Clients and leafnode remotes must present a certificate signed by <see cref="CaFile"/>.</summary>
    public bool VerifyClients { get; set; }

    /// <summary>The certificate DualHub's own clients and edge leafnodes present (required with <see cref="VerifyClients"/>).</summary>
    public string? ClientCertFile { get; set; }

    public string? ClientKeyFile { get; set; }

    /// <summary>
    /// The monitoring port speaks https (<c>https:</c> instead of <c>http:</c>, with the server's <c>tls</c> block, so
    /// with <see cref="VerifyClients"/> a monitoring client presents its certificate too); needs TLS.
    /// </summary>
    public bool MonitorTls { get; set; }

    /// <summary>Whether the ports use TLS.</summary>
    public bool Tls => CertFile is not null;

    /// <summary>What every DualHub client of this topology presents, or null when nothing is set.</summary>
    public NatsClientAuth? ClientAuth() => User is null && !Tls ? null : new NatsClientAuth
    {
        User = User,
        PasswordFile = PasswordFile,
        Tls = Tls ? new ClientTlsConfig { CaFile = CaFile, CertFile = ClientCertFile, KeyFile = ClientKeyFile } : null,
    };

    /// <summary>The password from <see cref="PasswordFile"/>.</summary>
    public string ReadPassword() => File.ReadAllText(PasswordFile!).TrimEnd('\r', '\n');

    internal void Validate(Action<string, string> error)
    {
        const string key = "nats.security";
        if (User is not null && PasswordFile is null)
        {
            error(key + ".password_file", "required with user");
        }
        else if (User is null && PasswordFile is not null)
        {
            error(key + ".user", "required with password_file");
        }

        if (User is not null && (User.Length == 0 || User.Any(c => char.IsWhiteSpace(c) || c is '"' or '\\' or ':' or '@' or '/')))
        {
            error(key + ".user", $"'{User}' must be non-empty, without spaces, quotes, ':', '@' or '/'");
        }

        if ((CertFile is null) != (KeyFile is null))
        {
            error(key + ".cert_file", "cert_file and key_file go together");
        }

        if ((ClientCertFile is null) != (ClientKeyFile is null))
        {
            error(key + ".client_cert_file", "client_cert_file and client_key_file go together");
        }

        if (VerifyClients && (CaFile is null || ClientCertFile is null || !Tls))
        {
            error(key + ".verify_clients", "needs cert_file, key_file, ca_file and the client_cert_file DualHub's clients present");
        }

        if (MonitorTls && !Tls)
        {
            error(key + ".monitor_tls", "needs cert_file and key_file");
        }

        foreach (var (name, path) in new[] { ("password_file", PasswordFile), ("ca_file", CaFile), ("cert_file", CertFile), ("key_file", KeyFile), ("client_cert_file", ClientCertFile), ("client_key_file", ClientKeyFile) })
        {
            if (path is not null && !File.Exists(path))
            {
                error($"{key}.{name}", $"{path} not found");
            }
        }
    }

    internal void ResolvePaths(string baseDir)
    {
        string? Full(string? p) => p is null || Path.IsPathRooted(p) ? p : Path.GetFullPath(Path.Combine(baseDir, p));
        PasswordFile = Full(PasswordFile);
        CaFile = Full(CaFile);
        CertFile = Full(CertFile);
        KeyFile = Full(KeyFile);
        ClientCertFile = Full(ClientCertFile);
        ClientKeyFile = Full(ClientKeyFile);
    }
}
