using YamlDotNet.Serialization;

namespace DualHub.Nats.Topology;

/// <summary>Generated, reflection-free YAML binding of the topology file, so the CLI runs as NativeAOT.</summary>
[YamlStaticContext]
[YamlSerializable(typeof(NatsTopologyOptions))]
[YamlSerializable(typeof(NatsNodeOptions))]
[YamlSerializable(typeof(NatsSecurityOptions))]
public partial class TopologyYamlContext : StaticContext;
