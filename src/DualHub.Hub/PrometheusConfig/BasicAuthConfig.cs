namespace DualHub.Hub.PrometheusConfig;

/// <summary><c>basic_auth</c>: username and password (or a file holding the password).</summary>
public sealed class BasicAuthConfig
{
    public string Username { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public string? PasswordFile { get; set; }

    /// <summary>The password, read from <see cref="PasswordFile"/> when set (trailing newline trimmed).</summary>
    public string ResolvePassword() =>
        PasswordFile is null ? Password : File.ReadAllText(PasswordFile).TrimEnd('\r', '\n');
}
