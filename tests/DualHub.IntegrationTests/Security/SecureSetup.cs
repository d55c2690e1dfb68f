using System.Globalization;
using System.Net;
using DualHub.Core.Security;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Security;

/// <summary>
/// A throwaway CA in a temp directory and a web config requiring TLS, a client certificate and basic auth
/// (user <see cref="User"/>, password <see cref="Password"/>), plus clients with and without each credential.
/// </summary>
internal sealed class SecureSetup : IDisposable
{
    public const string User = "agent";
    public const string Password = "right-password";

    public SecureSetup(ClientAuthType clientAuth = ClientAuthType.RequireAndVerifyClientCert)
    {
        Directory = TempDir.Create();
        Pki = ThrowawayPki.Create(Path.Combine(Directory, "pki"), TimeProvider.System);
        WebConfigFile = Path.Combine(Directory, "web.yml");
        File.WriteAllText(WebConfigFile, $"""
            tls_server_config:
              cert_file: pki/server.pem
              key_file: pki/server.key
              client_ca_file: pki/ca.pem
              client_auth_type: {clientAuth}
            basic_auth_users:
              {User}: {BCrypt.Net.BCrypt.HashPassword(Password, 4)}
            """);
    }

    public string Directory { get; }

    public PkiFiles Pki { get; }

    public string WebConfigFile { get; }

    public ClientTlsConfig Tls => new() { CaFile = Pki.CaFile, CertFile = Pki.ClientCertFile, KeyFile = Pki.ClientKeyFile };

    public static string Url(int port) => "https://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);

    /// <summary>An HTTP client trusting the CA, with the client certificate unless <paramref name="clientCert"/> is false and the given password (none when null).</summary>
    public HttpClient Client(string? password = Password, bool clientCert = true)
    {
        var tls = clientCert ? Tls : new ClientTlsConfig { CaFile = Pki.CaFile };
        var auth = password is null ? null : new ClientBasicAuth { Username = User, Password = password };
        var handler = SecureHttpHandler.Create(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }, tls, auth);
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Polls <paramref name="url"/> with the full credentials until it answers 200.</summary>
    public async Task WaitReadyAsync(ExternalProcess process, string url)
    {
        using var http = Client();
        await Poll.UntilAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"exited with {process.ExitCode}:\n{process.Output}");
                }

                try
                {
                    using var r = await http.GetAsync(new Uri(url));
                    return r.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(60),
            $"{url} to answer 200 (output so far: {process.Output})");
    }

    public void Dispose() => TempDir.Delete(Directory);
}
