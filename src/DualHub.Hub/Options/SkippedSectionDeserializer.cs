using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace DualHub.Hub.Options;

/// <summary>
/// Skips the nodes bound to <see cref="SkippedSection"/> (the Prometheus sections of a hub config): PrometheusConfigReader
/// reads those with line-numbered warnings; the hub's own binder only has to accept them.
/// </summary>
internal sealed class SkippedSectionDeserializer : INodeDeserializer
{
    public bool Deserialize(IParser reader, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer, out object? value, ObjectDeserializer rootDeserializer)
    {
        value = null;
        if (expectedType != typeof(SkippedSection))
        {
            return false;
        }

        reader.SkipThisAndNestedEvents();
        return true;
    }
}
