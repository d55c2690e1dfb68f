using System.Collections.Frozen;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using DualHub.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DualHub.Core.Security;

/// <summary>
/// Reads a <c>--web.config.file</c> in the Prometheus exporter-toolkit format node by node (no reflection, so NativeAOT
/// keeps working), strictly like the toolkit's <c>UnmarshalStrict</c>: an unknown key is an error. Keys DualHub does
/// not implement are refused rather than ignored, since a silently ignored security setting is worse than none.
/// The certificate, key and client CAs are loaded here, so a bad file stops the listener at start. Every error reads
/// <c>file:line: key: reason</c>.
/// </summary>
public static partial class WebConfigLoader
{
    private static readonly FrozenSet<string> Unsupported = FrozenSet.Create(
        StringComparer.Ordinal, "cert", "key", "client_ca", "cipher_suites", "curve_preferences", "client_allowed_sans");

    /// <summary>Reads and checks <paramref name="path"/>; null or empty gives <see cref="WebConfig.None"/>.</summary>
    public static WebConfig Load(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return WebConfig.None;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new WebConfigException($"{path}: cannot read web config: {ex.Message}", ex);
        }

        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
    }

    /// <summary>Parses <paramref name="yaml"/>; relative file names are taken from <paramref name="directory"/>.</summary>
    public static WebConfig Parse(string yaml, string source, string directory)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        YamlNode? document;
        try
        {
            document = FirstDocument(yaml);
        }
        catch (YamlException ex)
        {
            throw new WebConfigException($"{source}:{ex.Start.Line}: invalid YAML: {ex.InnerException?.Message ?? ex.Message}", ex);
        }

        if (document is null or YamlScalarNode { Value: null or "" })
        {
            return WebConfig.None with { Source = source };
        }

        var root = Mapping(document, source, "the top level");
        TlsServerConfig? tls = null;
        var users = FrozenDictionary<string, string>.Empty;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = Key(keyNode, source);
            switch (key)
            {
                case "tls_server_config":
                    tls = ReadTls(value, source, directory);
                    break;
                case "basic_auth_users":
                    users = ReadUsers(value, source);
                    break;
                case "http_server_config" or "rate_limit":
                    throw Error(source, keyNode, key, "not supported by DualHub");
                default:
                    throw Error(source, keyNode, key, "unknown key");
            }
        }

        return new WebConfig { Source = source, Tls = tls, BasicAuthUsers = users };
    }

    private static YamlNode? FirstDocument(string yaml)
    {
        var stream = YamlDocuments.Load(yaml);
        return stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
    }

    private static TlsServerConfig? ReadTls(YamlNode node, string source, string directory)
    {
        if (node is YamlScalarNode { Value: null or "" })
        {
            return null;
        }

        var map = Mapping(node, source, "tls_server_config");
        string? cert = null, keyFile = null, clientCa = null;
        var auth = ClientAuthType.NoClientCert;
        var min = SslProtocols.Tls12;
        var max = SslProtocols.Tls13;
        var clientAuthNode = (YamlNode)map;
        foreach (var (keyNode, value) in map.Children)
        {
            var key = Key(keyNode, source);
            var path = "tls_server_config." + key;
            switch (key)
            {
                case "cert_file":
                    cert = FilePath(Scalar(value, source, path), directory);
                    break;
                case "key_file":
                    keyFile = FilePath(Scalar(value, source, path), directory);
                    break;
                case "client_ca_file":
                    clientCa = FilePath(Scalar(value, source, path), directory);
                    break;
                case "client_auth_type":
                    clientAuthNode = value;
                    auth = Scalar(value, source, path) switch
                    {
                        "" or "NoClientCert" => ClientAuthType.NoClientCert,
                        "RequestClientCert" => ClientAuthType.RequestClientCert,
                        "RequireAnyClientCert" or "RequireClientCert" => ClientAuthType.RequireAnyClientCert,
                        "VerifyClientCertIfGiven" => ClientAuthType.VerifyClientCertIfGiven,
                        "RequireAndVerifyClientCert" => ClientAuthType.RequireAndVerifyClientCert,
                        var other => throw Error(source, value, path, $"'{other}' is not one of NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert"),
                    };
                    break;
                case "min_version":
                    min = Version(value, source, path);
                    break;
                case "max_version":
                    max = Version(value, source, path);
                    break;
                case "prefer_server_cipher_suites":
                    // Only orders TLS 1.2 cipher suites, which .NET takes from the system policy; accepted for compatibility.
                    _ = YamlBool.Parse(Scalar(value, source, path)) ?? throw Error(source, value, path, "is not true or false");
                    break;
                default:
                    throw Error(source, keyNode, path, Unsupported.Contains(key) ? "not supported by DualHub" : "unknown key");
            }
        }

        if (cert is null && keyFile is null && clientCa is null && auth == ClientAuthType.NoClientCert)
        {
            return null; // the toolkit's "TLS config is not present": plain HTTP
        }

        if (cert is null)
        {
            throw Error(source, map, "tls_server_config.cert_file", "required when tls_server_config is set");
        }

        if (keyFile is null)
        {
            throw Error(source, map, "tls_server_config.key_file", "required when tls_server_config is set");
        }

        if (min > max)
        {
            throw Error(source, map, "tls_server_config.min_version", "is above max_version");
        }

        var verifies = auth is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert;
        if (clientCa is not null && auth == ClientAuthType.NoClientCert)
        {
            throw Error(source, map, "tls_server_config.client_ca_file", "client CAs are configured without a client_auth_type");
        }

        if (clientCa is null && verifies)
        {
            throw Error(source, clientAuthNode, "tls_server_config.client_ca_file", $"required with client_auth_type {auth} (client certificates are verified against it only)");
        }

        return new TlsServerConfig
        {
            CertFile = cert,
            KeyFile = keyFile,
            ClientCaFile = clientCa,
            ClientAuth = auth,
            MinVersion = min,
            MaxVersion = max,
            Certificate = LoadKeyPair(cert, keyFile, source, map),
            ClientCas = clientCa is null ? [] : LoadCas(clientCa, source, map, "tls_server_config.client_ca_file"),
        };
    }

    private static FrozenDictionary<string, string> ReadUsers(YamlNode node, string source)
    {
        if (node is YamlScalarNode { Value: null or "" })
        {
            return FrozenDictionary<string, string>.Empty;
        }

        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in Mapping(node, source, "basic_auth_users").Children)
        {
            var user = Key(keyNode, source);
            var path = "basic_auth_users." + user;
            var hash = Scalar(value, source, path);
            if (!BcryptHash().IsMatch(hash))
            {
                throw Error(source, value, path, "is not a bcrypt hash ($2a$, $2b$ or $2y$, cost 04-31, 53 characters of salt and hash)");
            }

            users[user] = hash;
        }

        return users.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The certificate with its private key; the error names the key file that failed.</summary>
    private static X509Certificate2 LoadKeyPair(string certFile, string keyFile, string source, YamlNode at)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw Error(source, at, "tls_server_config.cert_file", $"cannot load the key pair {certFile} + {keyFile}: {ex.Message}");
        }
    }

    /// <summary>Every certificate of a PEM file; also used for the clients' <c>ca_file</c>.</summary>
    internal static X509Certificate2Collection LoadCas(string file, string source, YamlNode? at, string key)
    {
        var cas = new X509Certificate2Collection();
        try
        {
            cas.ImportFromPemFile(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw Error(source, at, key, $"cannot read {file}: {ex.Message}");
        }

        return cas.Count > 0 ? cas : throw Error(source, at, key, $"{file} holds no PEM certificate");
    }

    private static SslProtocols Version(YamlNode node, string source, string path) => Scalar(node, source, path) switch
    {
        "TLS12" => SslProtocols.Tls12,
        "TLS13" => SslProtocols.Tls13,
        "TLS10" or "TLS11" => throw Error(source, node, path, "TLS 1.0 and 1.1 are not supported; use TLS12 or TLS13"),
        var other => throw Error(source, node, path, $"'{other}' is not one of TLS12, TLS13"),
    };

    private static string FilePath(string value, string directory) => Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(directory, value));

    private static YamlMappingNode Mapping(YamlNode node, string source, string path) =>
        node as YamlMappingNode ?? throw Error(source, node, path, "must be a mapping");

    private static string Scalar(YamlNode node, string source, string path) =>
        node is YamlScalarNode s ? s.Value ?? string.Empty : throw Error(source, node, path, "must be a string");

    private static string Key(YamlNode node, string source) => Scalar(node, source, "key");

    internal static WebConfigException Error(string source, YamlNode? at, string key, string reason) =>
        new(at is null ? $"{source}: {key}: {reason}" : $"{source}:{at.Start.Line}: {key}: {reason}");

    [GeneratedRegex(@"^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$", RegexOptions.CultureInvariant)]
    private static partial Regex BcryptHash();
}
