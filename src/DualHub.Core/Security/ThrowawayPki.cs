using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DualHub.Core.Security;

/// <summary>
/// A throwaway certificate authority for <c>dualhub up --secure</c> and the tests: a CA, a server certificate for the
/// given names (plus localhost, 127.0.0.1 and ::1) and a client certificate, all ECDSA P-256, written as PEM files
/// (keys readable by the owner only). Made with .NET's <see cref="CertificateRequest"/>; nothing is shelled out.
/// </summary>
public static class ThrowawayPki
{
    /// <summary>Writes ca.pem, server.pem, server.key, client.pem and client.key into <paramref name="directory"/>.</summary>
    public static PkiFiles Create(string directory, TimeProvider time, IEnumerable<string>? serverNames = null, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(directory);
        var now = time.GetUtcNow();
        var notBefore = now.AddHours(-1); // a little slack for clocks that differ
        var notAfter = now + (lifetime ?? TimeSpan.FromDays(30));

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=DualHub throwaway CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        foreach (var name in serverNames ?? [])
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        var files = PkiFiles.In(directory);
        File.WriteAllText(files.CaFile, ca.ExportCertificatePem());
        // Client authentication too: nats-server routes present the server certificate when they dial a peer, which verifies it.
        Issue(ca, caKey, "CN=dualhub-server", san.Build(), ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], notBefore, notAfter, files.ServerCertFile, files.ServerKeyFile);
        Issue(ca, caKey, "CN=dualhub-client", null, ["1.3.6.1.5.5.7.3.2"], notBefore, notAfter, files.ClientCertFile, files.ClientKeyFile);
        return files;
    }

    private static void Issue(X509Certificate2 ca, ECDsa caKey, string subject, X509Extension? san, string[] usages, DateTimeOffset notBefore, DateTimeOffset notAfter, string certFile, string keyFile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var oids = new OidCollection();
        foreach (var usage in usages)
        {
            oids.Add(new Oid(usage));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        var signer = X509SignatureGenerator.CreateForECDsa(caKey);
        using var cert = request.Create(ca.SubjectName, signer, notBefore, notAfter, serial);
        File.WriteAllText(certFile, cert.ExportCertificatePem());
        WritePrivate(keyFile, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Writes <paramref name="text"/> to a file readable and writable by the owner only.</summary>
    public static void WritePrivate(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
