namespace DualHub.Cli.Up;

/// <summary>One process of the local deployment: a hub in some role on some port, standing for a machine of the plan.</summary>
internal sealed record UpComponent(string Name, string Machine, string Kind, string Role, int Port)
{
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");
}
