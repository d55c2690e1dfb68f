using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DualHub.Core.Yaml;

/// <summary>
/// Passes a parser's events on and refuses an alias to a mapping or sequence that is still open, or to an anchor not
/// defined earlier in the document: YamlDotNet would build a node that contains itself (or a placeholder that compares
/// itself for ever), and hashing or walking it overflows the stack, which no catch can stop. For the same reason it
/// refuses mappings and sequences nested deeper than <see cref="YamlDocuments.MaxDepth"/>: YamlDotNet builds the model recursively.
/// </summary>
internal sealed class AcyclicAliasParser(IParser inner) : IParser
{
    /// <summary>Per anchor name, the number of its latest definition (an anchor may be defined again).</summary>
    private readonly Dictionary<string, int> _latest = new(StringComparer.Ordinal);

    /// <summary>Definitions whose mapping or sequence has not ended.</summary>
    private readonly HashSet<int> _open = [];

    /// <summary>Per open mapping or sequence, its definition number (0 without an anchor).</summary>
    private readonly Stack<int> _collections = new();

    private int _definitions;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case AnchorAlias alias:
                if (!_latest.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} refers to no anchor before it in the document");
                }

                if (_open.Contains(target))
                {
                    throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} refers to a node that contains it");
                }

                break;
            case DocumentStart:
                // Anchors name nodes of their own document only.
                _latest.Clear();
                break;
            case NodeEvent { Anchor.IsEmpty: false } node:
                var definition = ++_definitions;
                _latest[node.Anchor.Value] = definition;
                if (node is MappingStart or SequenceStart)
                {
                    Open(node, definition);
                    _ = _open.Add(definition);
                }

                break;
            case MappingStart or SequenceStart:
                Open(inner.Current, 0);
                break;
            case MappingEnd or SequenceEnd when _collections.Count > 0:
                _ = _open.Remove(_collections.Pop());
                break;
        }

        return true;
    }

    private void Open(ParsingEvent collection, int definition)
    {
        if (_collections.Count >= YamlDocuments.MaxDepth)
        {
            throw new YamlException(collection.Start, collection.End, $"mappings and sequences nested deeper than {YamlDocuments.MaxDepth} levels");
        }

        _collections.Push(definition);
    }
}
