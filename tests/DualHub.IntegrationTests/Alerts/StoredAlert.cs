using System.Text.Json;

namespace DualHub.IntegrationTests.Alerts;

/// <summary>One message of the NATS alerts stream: its msg id, subject, status and JSON body.</summary>
internal sealed record StoredAlert(string MsgId, string Subject, string Status, JsonElement Body);
