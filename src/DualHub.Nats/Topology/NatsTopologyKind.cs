namespace DualHub.Nats.Topology;

/// <summary>How the NATS servers of a deployment are joined.</summary>
public enum NatsTopologyKind
{
    /// <summary>A standalone JetStream server per machine, each its own domain, edges linked to the hub by leafnodes.</summary>
    Leaf,

    /// <summary>A 3- or 5-node JetStream cluster with R3 streams.</summary>
    Cluster,

    /// <summary>The original plan's 2-node <c>resilience-cluster</c> with R2 streams (survives the loss of neither node).</summary>
    Plan,
}
