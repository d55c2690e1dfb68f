using DualHub.Core.Security;
using NATS.Client.Core;

namespace DualHub.Nats.Messaging;

/// <summary>
/// What a DualHub NATS client presents: a user and password (<c>user</c>, <c>password</c> or <c>password_file</c>) and
/// TLS (<c>tls_config</c>: the CA that signs the server's certificate, a client certificate where the server verifies
/// clients). With TLS set the connection must be TLS: a server that offers none is refused, never fallen back to.
/// </summary>
public sealed record NatsClientAuth
{
    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>Read when the connection options are made (at start), trailing newline trimmed.</summary>
    public string? PasswordFile { get; init; }

    public ClientTlsConfig? Tls { get; init; }

    /// <summary><paramref name="opts"/> with the credentials and TLS; a missing file throws <see cref="ArgumentException"/> naming it.</summary>
    public NatsOpts Apply(NatsOpts opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        if (User is not null)
        {
            opts = opts with { AuthOpts = NatsAuthOpts.Default with { Username = User, Password = ResolvePassword() } };
        }

        if (Tls is { } tls)
        {
            Check(tls.CaFile, "ca_file");
            Check(tls.CertFile, "cert_file");
            Check(tls.KeyFile, "key_file");
            if ((tls.CertFile is null) != (tls.KeyFile is null))
            {
                throw new ArgumentException("tls_config: cert_file and key_file go together");
            }

            var serverName = tls.ServerName;
            opts = opts with
            {
                TlsOpts = new NatsTlsOpts
                {
                    Mode = TlsMode.Require,
                    CaFile = tls.CaFile,
                    CertFile = tls.CertFile,
                    KeyFile = tls.KeyFile,
                    InsecureSkipVerify = tls.InsecureSkipVerify,
                    ConfigureClientAuthentication = serverName is null ? null : o =>
                    {
                        o.TargetHost = serverName;
                        return ValueTask.CompletedTask;
                    },
                },
            };
        }

        return opts;
    }

    private string ResolvePassword()
    {
        if (PasswordFile is null)
        {
            return Password ?? string.Empty;
        }

        try
        {
            return File.ReadAllText(PasswordFile).TrimEnd('\r', '\n');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"password_file: cannot read {PasswordFile}: {ex.Message}", ex);
        }
    }

    private static void Check(string? path, string key)
    {
        if (path is not null && !File.Exists(path))
        {
            throw new ArgumentException($"tls_config.{key}: {path} not found");
        }
    }

    // A record prints every member; the password stays out of logs.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("User = ").Append(User).Append(", PasswordFile = ").Append(PasswordFile).Append(", Tls = ").Append(Tls);
        return true;
    }
}
