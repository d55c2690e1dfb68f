using System.Text;

namespace DualHub.Hub.Options;

/// <summary>Authentication of the write endpoints (push, delete, wipe, quit). Off by default, like the Pushgateway.</summary>
public sealed record AuthOptions
{
    /// <summary>When set, writes need <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public string? BearerToken { get; internal init; }

    /// <summary>When set together with <see cref="Password"/>, writes need HTTP basic auth.</summary>
    public string? Username { get; internal init; }

    public string? Password { get; internal init; }

    public bool Enabled => !string.IsNullOrEmpty(BearerToken) || !string.IsNullOrEmpty(Username);

    // A record prints every member; the token and the password stay out of logs.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Enabled = ").Append(Enabled).Append(", Username = ").Append(Username);
        return true;
    }
}
