using System.Text.Json.Nodes;
using DualHub.Nats.Messaging;

namespace DualHub.Client.Nats;

/// <summary>
/// An alert an agent publishes to <c>observability.alerts.urgent|warning</c>: raised once when a condition starts
/// (<see cref="Resolved"/> false) and once when it ends (true), never every interval.
/// </summary>
/// <param name="Kind">What fired, e.g. <c>resource_threshold</c>, <c>hub_failover</c>.</param>
/// <param name="Severity">The subject it goes to.</param>
/// <param name="Resolved">False when the condition starts, true when it ends.</param>
/// <param name="Summary">One line for a human.</param>
/// <param name="Details">Figures (resource, value, threshold; hubs), or null.</param>
public sealed record AgentAlert(string Kind, AlertSeverity Severity, bool Resolved, string Summary, JsonObject? Details = null);
