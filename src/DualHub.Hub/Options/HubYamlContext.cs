using YamlDotNet.Serialization;

namespace DualHub.Hub.Options;

/// <summary>Generated, reflection-free YAML binding of the hub config, so the CLI runs as NativeAOT.</summary>
[YamlStaticContext]
[YamlSerializable(typeof(HubConfigFile))]
[YamlSerializable(typeof(HubConfigFile.AuthSection))]
[YamlSerializable(typeof(HubConfigFile.LimitsSection))]
[YamlSerializable(typeof(HubConfigFile.JournalSection))]
[YamlSerializable(typeof(NatsConfigSection))]
[YamlSerializable(typeof(NatsConfigSection.TlsSection))]
[YamlSerializable(typeof(ConsoleConfigSection))]
[YamlSerializable(typeof(ConsoleConfigSection.PartSection))]
[YamlSerializable(typeof(ConsoleConfigSection.BasicAuthSection))]
[YamlSerializable(typeof(AlertsConfigSection))]
[YamlSerializable(typeof(QueryConfigSection))]
[YamlSerializable(typeof(SkippedSection))]
public partial class HubYamlContext : StaticContext;
