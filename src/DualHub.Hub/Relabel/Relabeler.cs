using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Relabel;

/// <summary>Applies relabel rules in order with the semantics of Prometheus 2.42's <c>relabel.Process</c>.</summary>
public static class Relabeler
{
    /// <summary>Applies <paramref name="rules"/> to <paramref name="labels"/> in place; false when a rule drops the set.</summary>
    public static bool Process(RelabelLabels labels, IReadOnlyList<RelabelRule> rules)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(rules);
        for (var i = 0; i < rules.Count; i++)
        {
            if (!Apply(labels, rules[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a valid label name (ASCII letters, digits, '_', not starting with a digit).</summary>
    public static bool IsLabelName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Apply(RelabelLabels lb, RelabelRule rule)
    {
        var val = SourceValue(lb, rule);
        switch (rule.Action)
        {
            case RelabelAction.Drop:
                return !rule.Regex.IsMatch(val);
            case RelabelAction.Keep:
                return rule.Regex.IsMatch(val);
            case RelabelAction.DropEqual:
                return !string.Equals(lb.Get(rule.TargetLabel), val, StringComparison.Ordinal);
            case RelabelAction.KeepEqual:
                return string.Equals(lb.Get(rule.TargetLabel), val, StringComparison.Ordinal);
            case RelabelAction.Replace:
                Replace(lb, rule, val);
                return true;
            case RelabelAction.Lowercase:
                lb.Set(rule.TargetLabel, val.ToLowerInvariant());
                return true;
            case RelabelAction.Uppercase:
                lb.Set(rule.TargetLabel, val.ToUpperInvariant());
                return true;
            case RelabelAction.HashMod:
                lb.Set(rule.TargetLabel, (Md5Tail(val) % rule.Modulus).ToString(CultureInfo.InvariantCulture));
                return true;
            case RelabelAction.LabelMap:
                foreach (var l in lb.Snapshot())
                {
                    if (rule.Regex.Match(l.Name) is { } m)
                    {
                        lb.Set(rule.Regex.Expand(rule.Replacement, m), l.Value);
                    }
                }

                return true;
            case RelabelAction.LabelDrop or RelabelAction.LabelKeep:
                var keep = rule.Action == RelabelAction.LabelKeep;
                foreach (var l in lb.Snapshot())
                {
                    if (rule.Regex.IsMatch(l.Name) != keep)
                    {
                        lb.Delete(l.Name);
                    }
                }

                return true;
            default:
                throw new InvalidOperationException($"unknown relabel action {rule.Action}");
        }
    }

    private static void Replace(RelabelLabels lb, RelabelRule rule, string val)
    {
        // Prometheus' fast path: the default regex on an empty value sets (or deletes) the label as written.
        if (val.Length == 0 && rule.Regex.IsDefault && !rule.Templated)
        {
            lb.Set(rule.TargetLabel, rule.Replacement);
            return;
        }

        if (rule.Regex.Match(val) is not { } m)
        {
            return;
        }

        var target = rule.Regex.Expand(rule.TargetLabel, m);
        if (!IsLabelName(target))
        {
            return;
        }

        var res = rule.Regex.Expand(rule.Replacement, m);
        if (res.Length == 0)
        {
            lb.Delete(target);
            return;
        }

        lb.Set(target, res);
    }

    private static string SourceValue(RelabelLabels lb, RelabelRule rule)
    {
        var sources = rule.SourceLabels;
        switch (sources.Count)
        {
            case 0:
                return string.Empty;
            case 1:
                return lb.Get(sources[0]);
            default:
                var sb = new StringBuilder();
                for (var i = 0; i < sources.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(rule.Separator);
                    }

                    sb.Append(lb.Get(sources[i]));
                }

                return sb.ToString();
        }
    }

    /// <summary>The last 8 bytes of the MD5 of the UTF-8 value, big-endian, as Prometheus' hashmod takes them.</summary>
    private static ulong Md5Tail(string val)
    {
        var max = Encoding.UTF8.GetMaxByteCount(val.Length);
        var rented = max > 512 ? ArrayPool<byte>.Shared.Rent(max) : null;
        try
        {
            Span<byte> bytes = rented ?? stackalloc byte[512];
            var n = Encoding.UTF8.GetBytes(val, bytes);
            Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
#pragma warning disable CA5351 // Not for security: the hash Prometheus uses, so that shards agree with it.
            MD5.HashData(bytes[..n], hash);
#pragma warning restore CA5351
            return BinaryPrimitives.ReadUInt64BigEndian(hash[8..]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
