using System.Text;
using System.Text.Unicode;
using DualHub.Hub.SampleLog;

namespace DualHub.Hub.Receive;

/// <summary>
/// Checks a decompressed WriteRequest against the remote-write 1.0 label rules without allocating: label names
/// non-empty and valid, sorted and unique, values non-empty and UTF-8. Returns the first problem, naming the series.
/// </summary>
internal static class WriteRequestValidator
{
    public static string? Validate(ReadOnlySpan<byte> writeRequest, out int samples)
    {
        samples = 0;
        var entries = new SeriesEntryReader(writeRequest);
        var index = 0;
        try
        {
            while (entries.TryNext(out var range, out var n))
            {
                samples += n;
                var view = TimeSeriesView.FromEntry(writeRequest[range]);
                var labels = view.Labels;
                ReadOnlySpan<byte> previous = default;
                var count = 0;
                while (labels.TryNext(out var name, out var value))
                {
                    if (name.IsEmpty)
                    {
                        return $"series {index}: empty label name";
                    }

                    if (!IsLabelName(name))
                    {
                        return $"series {index}: invalid label name \"{Show(name)}\"";
                    }

                    if (value.IsEmpty)
                    {
                        return $"series {index}: label \"{Show(name)}\" has an empty value";
                    }

                    if (!Utf8.IsValid(value))
                    {
                        return $"series {index}: label \"{Show(name)}\" value is not valid UTF-8";
                    }

                    if (count > 0)
                    {
                        var c = previous.SequenceCompareTo(name);
                        if (c == 0)
                        {
                            return $"series {index}: duplicate label name \"{Show(name)}\"";
                        }

                        if (c > 0)
                        {
                            return $"series {index}: labels not sorted: \"{Show(name)}\" after \"{Show(previous)}\"";
                        }
                    }

                    previous = name;
                    count++;
                }

                if (count == 0)
                {
                    return $"series {index}: no labels";
                }

                index++;
            }
        }
        catch (FormatException ex)
        {
            return $"invalid protobuf: {ex.Message}";
        }

        return null;
    }

    private static bool IsLabelName(ReadOnlySpan<byte> name)
    {
        if (!(char.IsAsciiLetter((char)name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var b in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Show(ReadOnlySpan<byte> s) => Encoding.UTF8.GetString(s.Length > 64 ? s[..64] : s);
}
