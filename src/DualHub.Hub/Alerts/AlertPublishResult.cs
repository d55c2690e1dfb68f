namespace DualHub.Hub.Alerts;

/// <summary>Alerts acked by JetStream, and how many of them it already had (a retried webhook call).</summary>
public readonly record struct AlertPublishResult(int Published, int Duplicates);
