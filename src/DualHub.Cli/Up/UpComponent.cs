namespace DualHub.Cli.Up;

/// <summary>One process of the local deployment: a hub in some role on some port, standing for a machine of the plan.</summary>
/// <remarks>With <see cref="Tls"/> (<c>up --secure</c>) the hub speaks only https.</remarks>
internal sealed record UpComponent(string Name, string Machine, string Kind, string Role, int Port)
{
    public bool Tls { get; init; }

    public Uri BaseUrl => new($"{(Tls ? "https" : "http")}://127.0.0.1:{Port}");
}
