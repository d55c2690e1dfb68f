using System.Buffers;
using System.Globalization;
using System.Text;

namespace DualHub.Metrics.Formatting;

/// <summary>
/// Buffered UTF-8 writing onto an <see cref="IBufferWriter{T}"/>: strings are transcoded and numbers
/// formatted straight into the writer's memory, so writing a sample allocates nothing.
/// </summary>
internal ref struct Utf8Output
{
    private const int ChunkSize = 16 * 1024;
    private readonly IBufferWriter<byte> _writer;
    private Span<byte> _span;
    private int _pos;

    public Utf8Output(IBufferWriter<byte> writer)
    {
        _writer = writer;
        _span = default;
        _pos = 0;
    }

    public void Flush()
    {
        if (_pos > 0)
        {
            _writer.Advance(_pos);
        }

        _pos = 0;
        _span = default;
    }

    public void Byte(byte b)
    {
        Ensure(1);
        _span[_pos++] = b;
    }

    public void Raw(scoped ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_span[_pos..]);
        _pos += bytes.Length;
    }

    public void String(string value)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(value.Length));
        _pos += Encoding.UTF8.GetBytes(value, _span[_pos..]);
    }

    /// <summary>expfmt's escaping: <c>\</c> and LF always, <c>"</c> too when <paramref name="quoted"/>.</summary>
    public void Escaped(string value, bool quoted)
    {
        var special = quoted ? value.AsSpan().IndexOfAny('\\', '\n', '"') : value.AsSpan().IndexOfAny('\\', '\n');
        if (special < 0)
        {
            String(value);
            return;
        }

        Ensure(Encoding.UTF8.GetMaxByteCount(value.Length) * 2);
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            var i = quoted ? rest.IndexOfAny('\\', '\n', '"') : rest.IndexOfAny('\\', '\n');
            var plain = i < 0 ? rest : rest[..i];
            _pos += Encoding.UTF8.GetBytes(plain, _span[_pos..]);
            if (i < 0)
            {
                break;
            }

            _span[_pos++] = (byte)'\\';
            _span[_pos++] = rest[i] == '\n' ? (byte)'n' : (byte)rest[i];
            rest = rest[(i + 1)..];
        }
    }

    /// <summary>expfmt's label set: <c>{a="x",b="y",extra="1"}</c>, nothing when empty.</summary>
    public void LabelPairs(Model.Label[] labels, scoped ReadOnlySpan<byte> extraLabel, double extraValue, bool openMetrics)
    {
        if (labels.Length == 0 && extraLabel.IsEmpty)
        {
            return;
        }

        var separator = (byte)'{';
        foreach (var label in labels)
        {
            Byte(separator);
            String(label.Name);
            Raw("=\""u8);
            Escaped(label.Value, quoted: true);
            Byte((byte)'"');
            separator = (byte)',';
        }

        if (!extraLabel.IsEmpty)
        {
            Byte(separator);
            Raw(extraLabel);
            Raw("=\""u8);
            Double(extraValue, openMetrics);
            Byte((byte)'"');
        }

        Byte((byte)'}');
    }

    public void Double(double value, bool openMetrics = false)
    {
        Ensure(GoFloat.MaxFormattedLength);
        _pos += GoFloat.Format(value, _span[_pos..], openMetrics);
    }

    public void Int64(long value)
    {
        Ensure(20);
        value.TryFormat(_span[_pos..], out var n, default, CultureInfo.InvariantCulture);
        _pos += n;
    }

    /// <summary>A count as expfmt's OpenMetrics writer prints uint64 counts; non-integral values fall back to a float.</summary>
    public void Count(double value)
    {
        if (value >= 0 && value < 18446744073709551616.0 && Math.Floor(value) == value)
        {
            Ensure(20);
            ((ulong)value).TryFormat(_span[_pos..], out var n, default, CultureInfo.InvariantCulture);
            _pos += n;
        }
        else
        {
            Double(value, openMetrics: true);
        }
    }

    private void Ensure(int bytes)
    {
        if (_span.Length - _pos >= bytes)
        {
            return;
        }

        Flush();
        _span = _writer.GetSpan(Math.Max(bytes, ChunkSize));
    }
}
