using System.Text;

namespace DualHub.Hub.PrometheusConfig;

/// <summary><c>basic_auth</c>: username and password (or a file holding the password).</summary>
public sealed record BasicAuthConfig
{
    public string Username { get; internal init; } = string.Empty;

    public string Password { get; internal init; } = string.Empty;

    public string? PasswordFile { get; internal init; }

    /// <summary>The password, read from <see cref="PasswordFile"/> when set (trailing newline trimmed).</summary>
    public string ResolvePassword() =>
        PasswordFile is null ? Password : File.ReadAllText(PasswordFile).TrimEnd('\r', '\n');

    // A record prints every member; the password stays out of logs.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Username = ").Append(Username).Append(", PasswordFile = ").Append(PasswordFile);
        return true;
    }
}
