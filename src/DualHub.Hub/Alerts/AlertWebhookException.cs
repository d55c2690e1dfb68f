namespace DualHub.Hub.Alerts;

/// <summary>A webhook body that is not Alertmanager's version-4 JSON; the message names the field and the problem.</summary>
public sealed class AlertWebhookException : Exception
{
    public AlertWebhookException()
    {
    }

    public AlertWebhookException(string message)
        : base(message)
    {
    }

    public AlertWebhookException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
