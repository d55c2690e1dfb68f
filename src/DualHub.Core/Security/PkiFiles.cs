namespace DualHub.Core.Security;

/// <summary>The PEM files <see cref="ThrowawayPki.Create"/> wrote.</summary>
public sealed record PkiFiles(string CaFile, string ServerCertFile, string ServerKeyFile, string ClientCertFile, string ClientKeyFile)
{
    /// <summary>The file names <see cref="ThrowawayPki.Create"/> uses in <paramref name="directory"/>.</summary>
    public static PkiFiles In(string directory) => new(
        Path.Combine(directory, "ca.pem"),
        Path.Combine(directory, "server.pem"),
        Path.Combine(directory, "server.key"),
        Path.Combine(directory, "client.pem"),
        Path.Combine(directory, "client.key"));
}
