namespace DualHub.Hub.Alerts;

/// <summary>
/// One alert as the hub publishes it to NATS: from Alertmanager's webhook (<see cref="Source"/> <c>alertmanager</c>) or
/// raised by the hub itself (<c>edgehub</c>). Labels and annotations are sorted by name.
/// </summary>
/// <param name="Source">Who raised it: <c>alertmanager</c> or <c>edgehub</c>.</param>
/// <param name="Resolved">False while firing.</param>
/// <param name="Labels">The alert's identity, sorted by name.</param>
/// <param name="Annotations">Summary, runbook and the rest, sorted by name.</param>
/// <param name="StartsAt">When the condition began.</param>
/// <param name="EndsAt">When it ended; null while firing.</param>
/// <param name="Fingerprint">Hash of the labels, as Alertmanager computes it (16 hex digits).</param>
/// <param name="GeneratorUrl">Where the alert came from (vmalert's rule page), or null.</param>
public sealed record AlertNotification(
    string Source,
    bool Resolved,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    IReadOnlyList<KeyValuePair<string, string>> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string Fingerprint,
    string? GeneratorUrl)
{
    public string Status => Resolved ? "resolved" : "firing";

    /// <summary>The value of label <paramref name="name"/>, or null.</summary>
    public string? Label(string name)
    {
        foreach (var (k, v) in Labels)
        {
            if (k == name)
            {
                return v;
            }
        }

        return null;
    }
}
