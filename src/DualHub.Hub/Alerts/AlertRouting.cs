using System.Globalization;
using DualHub.Nats.Messaging;

namespace DualHub.Hub.Alerts;

/// <summary>
/// Where an alert goes and under which <c>Nats-Msg-Id</c>: the subject by its <c>severity</c> label, the id from what
/// identifies one notification, so a webhook retry or a re-send after a lost ack is stored once by JetStream.
/// </summary>
public static class AlertRouting
{
    /// <summary>
    /// <c>urgent</c> -> <see cref="AlertSeverity.Urgent"/>, <c>warning</c> -> <see cref="AlertSeverity.Warning"/> (any
    /// case); anything else, or no label, is a warning, and <paramref name="note"/> says why.
    /// </summary>
    public static AlertSeverity Severity(AlertNotification alert, out string? note)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var label = alert.Label("severity");
        switch (label?.Trim().ToLowerInvariant())
        {
            case "urgent":
                note = null;
                return AlertSeverity.Urgent;
            case "warning":
                note = null;
                return AlertSeverity.Warning;
            case null or "":
                note = "no severity label: published as warning";
                return AlertSeverity.Warning;
            default:
                note = $"severity '{label}' is neither urgent nor warning: published as warning";
                return AlertSeverity.Warning;
        }
    }

    /// <summary>
    /// Fingerprint, status and start (and, once resolved, end) in Unix milliseconds: the same notification always gets
    /// the same id, a new firing of the same alert (a new start) or its resolution a new one.
    /// </summary>
    public static string MessageId(AlertNotification alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var id = string.Create(CultureInfo.InvariantCulture, $"alert-{alert.Fingerprint}-{alert.Status}-{alert.StartsAt.ToUnixTimeMilliseconds()}");
        return alert.Resolved && alert.EndsAt is { } ends
            ? string.Create(CultureInfo.InvariantCulture, $"{id}-{ends.ToUnixTimeMilliseconds()}")
            : id;
    }
}
