using DualHub.Nats.Streams;

namespace DualHub.Nats.Messaging;

/// <summary>Builds the plan's subjects, rejecting tokens that would change their meaning (dots, wildcards, spaces).</summary>
public static class NatsSubjects
{
    private const int MaxTokenLength = 64;

    public static string Metrics(string node) => ObservabilityStreams.MetricsSubjectPrefix + Token(node, nameof(node));

    public static string Health(string node) => ObservabilityStreams.HealthSubjectPrefix + Token(node, nameof(node));

    public static string Alerts(AlertSeverity severity) =>
        ObservabilityStreams.AlertsSubjectPrefix + (severity == AlertSeverity.Urgent ? "urgent" : "warning");

    /// <summary>The last token of a subject (the node of a metrics or health subject).</summary>
    public static string LastToken(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var i = subject.LastIndexOf('.');
        return i < 0 ? subject : subject[(i + 1)..];
    }

    private static string Token(string value, string name)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxTokenLength)
        {
            throw new ArgumentException($"subject token '{value}' must be 1-{MaxTokenLength} characters", name);
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw new ArgumentException($"subject token '{value}' may contain only letters, digits, '-' and '_'", name);
            }
        }

        return value;
    }
}
