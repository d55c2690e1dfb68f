using System.Net.Http.Headers;
using System.Text;

namespace DualHub.Core.Security;

/// <summary>A client's <c>basic_auth</c> with Prometheus' keys: <c>username</c> and <c>password</c> or <c>password_file</c>.</summary>
public sealed record ClientBasicAuth
{
    public required string Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Read at every request, as Prometheus does, so a rotated password needs no restart.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>The password, from <see cref="PasswordFile"/> when set (trailing newline trimmed).</summary>
    public string ResolvePassword() =>
        PasswordFile is null ? Password ?? string.Empty : File.ReadAllText(PasswordFile).TrimEnd('\r', '\n');

    public AuthenticationHeaderValue Header() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{ResolvePassword()}")));

    // A record prints every member; the password stays out of logs.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Username = ").Append(Username).Append(", PasswordFile = ").Append(PasswordFile);
        return true;
    }
}
