namespace DualHub.Core.Protocol;

/// <summary>Headers of DualHub's push API beyond the Pushgateway's, shared by the agent clients and the hubs.</summary>
public static class PushHeaders
{
    /// <summary>
    /// The time an agent made a batch (Unix milliseconds). A hub stamps the batch's samples with it instead of its accept
    /// time, so the same batch committed by two hubs is one sample, not two (docs/client.md, "Batch time").
    /// </summary>
    public const string BatchTime = "X-DualHub-Batch-Time";
}
