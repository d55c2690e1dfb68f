namespace DualHub.Client.Options;

/// <summary>One hub the agent may push to: its name (<c>primary</c>, <c>fallback</c>, <c>hub2</c>...) and base URL.</summary>
/// <param name="Name">Name used in logs, events, metrics and <c>/health</c>.</param>
/// <param name="Url">Base URL, e.g. <c>http://127.0.0.1:9100</c>; pushes go to <c>/metrics/job/...</c> below it.</param>
public sealed record HubEndpoint(string Name, Uri Url);
