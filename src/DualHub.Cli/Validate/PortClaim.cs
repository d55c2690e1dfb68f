namespace DualHub.Cli.Validate;

/// <summary>A TCP port a config makes a process listen on; <see cref="Host"/> "*" is every address.</summary>
internal sealed record PortClaim(string File, long Line, string Host, int Port, string Owner)
{
    public bool ClashesWith(PortClaim other) =>
        Port == other.Port && (Host == other.Host || Host == "*" || other.Host == "*");

    public static string NormalizeHost(string host) => host is "0.0.0.0" or "::" or "[::]" or "*" or "" ? "*" : host.Trim('[', ']');
}
