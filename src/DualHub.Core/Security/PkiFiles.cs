namespace DualHub.Core.Security;

/// <summary>The PEM files <see cref="ThrowawayPki.Create"/> wrote.</summary>
public sealed record PkiFiles(string CaFile, string ServerCertFile, string ServerKeyFile, string ClientCertFile, string ClientKeyFile);
