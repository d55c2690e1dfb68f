namespace DualHub.Hub.Options;

/// <summary>
/// The type of the hub config's Prometheus sections in <see cref="HubConfigFile"/>: <see cref="SkippedSectionDeserializer"/>
/// skips their nodes (PrometheusConfigReader reads them). Not <see cref="object"/>, which YamlDotNet resolves to a
/// container type before any node deserializer sees it.
/// </summary>
internal sealed class SkippedSection;
