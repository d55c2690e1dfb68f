using System.Buffers;
using System.Text;
using System.Text.Unicode;
using DualHub.Metrics.Formatting;
using DualHub.Metrics.Model;

namespace DualHub.Metrics.Text;

/// <summary>
/// The state machine of Go expfmt's TextParser over a span. Each method mirrors one Go state
/// function; a state ends with the line's LF as the current byte.
/// </summary>
internal ref struct Text004Core
{
    private static readonly SearchValues<byte> s_tokenEnd = SearchValues.Create(" \t\n"u8);
    private static readonly SearchValues<byte> s_labelNameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"u8);
    private static readonly SearchValues<byte> s_metricNameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:"u8);
    private readonly ReadOnlySpan<byte> _in;
    private readonly Text004State _state;
    private readonly StringTable _strings;
    private readonly Dictionary<string, FamilyState> _byName;
    private readonly Dictionary<string, FamilyState>.AlternateLookup<ReadOnlySpan<char>> _byNameLookup;
    private readonly List<FamilyState> _order;
    private readonly List<Label> _labels;
    private readonly DuplicateLabelCheck _duplicates;
    private readonly ArrayBufferWriterLite _token;
    private readonly ITextSeriesSink? _sink;
    private int _next;
    private int _labelsEnd;
    private byte[]? _lastName;
    private int _lastNameLength;
    private byte _cur;
    private int _line;

    private FamilyState _mf;
    private bool _isSummaryCount;
    private bool _isSummarySum;
    private bool _isHistogramCount;
    private bool _isHistogramSum;
    private double _quantile;
    private double _bucket;

    public Text004Core(ReadOnlySpan<byte> input, ITextSeriesSink? sink = null)
        : this(input, new Text004State(sink))
    {
    }

    /// <summary>Continues a parse whose earlier lines went through <paramref name="state"/>.</summary>
    public Text004Core(ReadOnlySpan<byte> input, Text004State state)
    {
        _in = input;
        _state = state;
        _sink = state.Sink;
        _strings = state.Strings;
        _byName = state.ByName;
        _byNameLookup = state.ByNameLookup;
        _order = state.Order;
        _labels = state.Labels;
        _duplicates = state.Duplicates;
        _token = state.Token;
        _lastName = state.LastName;
        _lastNameLength = state.LastNameLength;
        _line = state.Line;
        _mf = state.Family!;
        _isSummaryCount = state.IsSummaryCount;
        _isSummarySum = state.IsSummarySum;
        _isHistogramCount = state.IsHistogramCount;
        _isHistogramSum = state.IsHistogramSum;
    }

    public List<MetricFamily> Run() => RunLines(final: true)!;

    /// <summary>
    /// Parses the input's lines. With <paramref name="final"/> false the input must end with LF: the state is kept for
    /// the next piece and null returned; otherwise the input's end is the exposition's end.
    /// </summary>
    public List<MetricFamily>? RunLines(bool final)
    {
        while (true)
        {
            // startOfLine
            _line++;
            if (!TrySkipBlankTab())
            {
                break;
            }

            if (_cur == '#')
            {
                StartComment();
            }
            else if (_cur != '\n')
            {
                ReadingMetricName();
            }
        }

        if (!final)
        {
            // The line counted at the piece's end starts the next piece.
            _line--;
            _state.LastName = _lastName;
            _state.LastNameLength = _lastNameLength;
            _state.Line = _line;
            _state.Family = _mf;
            _state.IsSummaryCount = _isSummaryCount;
            _state.IsSummarySum = _isSummarySum;
            _state.IsHistogramCount = _isHistogramCount;
            _state.IsHistogramSum = _isHistogramSum;
            return null;
        }

        var result = new List<MetricFamily>(_order.Count);
        foreach (var state in _order)
        {
            state.Complete();
            if (state.Family.Metrics.Count > 0)
            {
                result.Add(state.Family);
            }
        }

        return result;
    }

    private static bool IsBlankOrTab(byte b) => b is (byte)' ' or (byte)'\t';

    private static bool IsCount(ReadOnlySpan<char> name) => name.Length > 6 && name.EndsWith("_count");

    private static bool IsSum(ReadOnlySpan<char> name) => name.Length > 4 && name.EndsWith("_sum");

    private static bool IsBucket(ReadOnlySpan<char> name) => name.Length > 7 && name.EndsWith("_bucket");

    private readonly MetricsParseException Error(string message) =>
        new($"text format parsing error in line {_line}: {message}", _line);

    private readonly MetricsParseException Eof() => Error("unexpected end of input stream");

    private readonly void CountSeries()
    {
        if (++_state.SeriesCount > _state.MaxSeries)
        {
            throw MetricsParseException.TooManySeries(_state.MaxSeries);
        }
    }

    private bool ReadByte()
    {
        if (_next >= _in.Length)
        {
            return false;
        }

        _cur = _in[_next++];
        return true;
    }

    private void ReadByteOrThrow()
    {
        if (!ReadByte())
        {
            throw Eof();
        }
    }

    private bool TrySkipBlankTab()
    {
        do
        {
            if (!ReadByte())
            {
                return false;
            }
        }
        while (IsBlankOrTab(_cur));

        return true;
    }

    private void SkipBlankTab()
    {
        if (!TrySkipBlankTab())
        {
            throw Eof();
        }
    }

    private void SkipBlankTabIfCurrentBlankTab()
    {
        if (IsBlankOrTab(_cur))
        {
            SkipBlankTab();
        }
    }

    private void StartComment()
    {
        SkipBlankTab();
        if (_cur == '\n')
        {
            return;
        }

        var keyword = ReadTokenUntilWhitespace();
        if (_cur == '\n')
        {
            return;
        }

        var isHelp = keyword.SequenceEqual("HELP"u8);
        var isType = keyword.SequenceEqual("TYPE"u8);
        if (!isHelp && !isType)
        {
            // A generic comment: skip to the end of the line.
            while (_cur != '\n')
            {
                ReadByteOrThrow();
            }

            return;
        }

        SkipBlankTab();
        var name = ReadTokenAsName(metric: true);
        if (_cur == '\n')
        {
            return;
        }

        if (!IsBlankOrTab(_cur))
        {
            throw Error("invalid metric name in comment");
        }

        SetOrCreateCurrentMF(name);
        SkipBlankTab();
        if (_cur == '\n')
        {
            return;
        }

        if (isHelp)
        {
            ReadingHelp();
        }
        else
        {
            ReadingType();
        }
    }

    private void ReadingHelp()
    {
        if (_mf.HelpSet)
        {
            throw Error($"second HELP line for metric name {GoQuote.Quote(_mf.Family.Name)}");
        }

        ReadTokenUntilNewline(escapes: true);
        _mf.Family.Help = Encoding.UTF8.GetString(_token.WrittenSpan);
        _mf.HelpSet = true;
    }

    private void ReadingType()
    {
        if (_mf.TypeSet)
        {
            throw Error($"second TYPE line for metric name {GoQuote.Quote(_mf.Family.Name)}, or TYPE reported after samples");
        }

        ReadTokenUntilNewline(escapes: false);
        var token = _token.WrittenSpan;
        MetricType? type = Encoding.UTF8.GetString(token).ToUpperInvariant() switch
        {
            "COUNTER" => MetricType.Counter,
            "GAUGE" => MetricType.Gauge,
            "SUMMARY" => MetricType.Summary,
            "UNTYPED" => MetricType.Untyped,
            "HISTOGRAM" => MetricType.Histogram,
            "GAUGE_HISTOGRAM" => MetricType.GaugeHistogram,
            _ => null,
        };
        if (type is null)
        {
            throw Error($"unknown metric type {GoQuote.Quote(token)}");
        }

        _mf.Family.Type = type.Value;
        _mf.TypeSet = true;
    }

    private void ReadingMetricName()
    {
        var nameStart = _next - 1;
        var name = ReadTokenAsName(metric: true);
        if (name.IsEmpty)
        {
            throw Error("invalid metric name");
        }

        SetOrCreateCurrentMF(name);
        if (!_mf.TypeSet)
        {
            _mf.Family.Type = MetricType.Untyped;
            _mf.TypeSet = true;
        }

        var type = _mf.Family.Type;
        if (_sink is not null && type is MetricType.Counter or MetricType.Gauge or MetricType.Untyped)
        {
            ReadingPlainSample(_sink, nameStart);
            return;
        }

        _labels.Clear();
        _duplicates.Reset();
        SkipBlankTabIfCurrentBlankTab();

        // readingLabels
        if (type is MetricType.Summary or MetricType.Histogram)
        {
            _quantile = double.NaN;
            _bucket = double.NaN;
        }

        if (_cur == '{')
        {
            ReadLabels(type);
        }

        ReadingValue(type);
    }

    private void ReadLabels(MetricType type)
    {
        for (var slot = 0; ; slot++)
        {
            // startLabelName
            SkipBlankTab();
            if (_cur == '}')
            {
                _labelsEnd = _next;
                SkipBlankTab();
                return;
            }

            var nameBytes = ReadTokenAsName(metric: false);
            if (nameBytes.IsEmpty)
            {
                throw Error($"invalid label name for metric {GoQuote.Quote(_mf.Family.Name)}");
            }

            if (nameBytes.SequenceEqual("__name__"u8))
            {
                throw Error("label name \"__name__\" is reserved");
            }

            var name = _strings.GetLabelName(nameBytes, slot);
            var special = (type == MetricType.Summary && name == "quantile") || (type == MetricType.Histogram && name == "le");
            SkipBlankTabIfCurrentBlankTab();
            if (_cur != '=')
            {
                throw Error($"expected '=' after label name, found {GoQuote.QuoteByte(_cur)}");
            }

            if (!special && _duplicates.IsDuplicate(_labels, name))
            {
                throw Error($"duplicate label names for metric {GoQuote.Quote(_mf.Family.Name)}");
            }

            // startLabelValue
            SkipBlankTab();
            if (_cur != '"')
            {
                throw Error($"expected '\"' at start of label value, found {GoQuote.QuoteByte(_cur)}");
            }

            var valueBytes = ReadTokenAsLabelValue();
            if (!Utf8.IsValid(valueBytes))
            {
                throw Error($"invalid label value {GoQuote.Quote(valueBytes)}");
            }

            if (special)
            {
                if (!GoFloat.TryParse(valueBytes, out var bound))
                {
                    var what = type == MetricType.Summary ? "quantile" : "le";
                    throw Error($"expected float as value for '{what}' label, got {GoQuote.Quote(valueBytes)}");
                }

                if (type == MetricType.Summary)
                {
                    _quantile = bound;
                }
                else
                {
                    _bucket = bound;
                }
            }
            else
            {
                _labels.Add(new Label(name, _strings.GetLabelValue(valueBytes, slot)));
            }

            SkipBlankTab();
            if (_cur == ',')
            {
                continue;
            }

            if (_cur == '}')
            {
                _labelsEnd = _next;
                SkipBlankTab();
                return;
            }

            throw Error($"unexpected end of label value {GoQuote.Quote(valueBytes)}");
        }
    }

    private void ReadingValue(MetricType type)
    {
        Metric metric;
        SeriesBuilder? series = null;
        if (type is MetricType.Summary or MetricType.Histogram)
        {
            SortLabels();
            series = _mf.GetOrAddSeries(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_labels), out var added);
            if (added)
            {
                CountSeries();
            }

            metric = series.Metric;
        }
        else
        {
            SortLabels();
            CountSeries();
            metric = new Metric { Labels = _labels.Count == 0 ? [] : [.. _labels] };
            _mf.Family.Metrics.Add(metric);
        }

        var value = ReadValue();
        switch (type)
        {
            case MetricType.Counter:
            case MetricType.Gauge:
            case MetricType.Untyped:
                metric.Value = value;
                break;
            case MetricType.Summary:
                if (_isSummaryCount)
                {
                    metric.Count = GoFloat.ToGoUInt64(value);
                }
                else if (_isSummarySum)
                {
                    metric.Sum = value;
                }
                else if (!double.IsNaN(_quantile))
                {
                    series!.AddQuantile(new Quantile(_quantile, value));
                }

                break;
            case MetricType.Histogram:
                if (_isHistogramCount)
                {
                    metric.Count = GoFloat.ToGoUInt64(value);
                }
                else if (_isHistogramSum)
                {
                    metric.Sum = value;
                }
                else if (!double.IsNaN(_bucket))
                {
                    series!.AddBucket(new Bucket(_bucket, GoFloat.ToGoUInt64(value)));
                }

                break;
            default:
                // TYPE gauge_histogram is accepted by Go's parser, which then stores no value.
                break;
        }

        if (ReadTimestamp() is { } timestamp)
        {
            metric.TimestampMs = timestamp;
        }
    }

    /// <summary>
    /// A sample line of a plain family for the sink: the series is looked up by its raw text, and its labels are
    /// tokenized only when that text is new. Cached text parsed before under a plain type, so it is valid and gives
    /// the same labels again; everything after it (value, timestamp) is read as for any line.
    /// </summary>
    private void ReadingPlainSample(ITextSeriesSink sink, int nameStart)
    {
        var keyEnd = _next - 1;
        _labels.Clear();
        _duplicates.Reset();
        SkipBlankTabIfCurrentBlankTab();
        var handle = -1;
        if (_cur == '{')
        {
            var close = LabelBlockEnd(_next);
            keyEnd = close + 1;
            if (close >= 0 && (handle = sink.Find(_in[nameStart..keyEnd])) >= 0)
            {
                _next = keyEnd;
                _cur = (byte)'}';
                SkipBlankTab();
            }
            else
            {
                _labelsEnd = -1;
                ReadLabels(MetricType.Untyped);
            }
        }
        else
        {
            _labelsEnd = keyEnd;
            handle = sink.Find(_in[nameStart..keyEnd]);
        }

        if (handle < 0)
        {
            SortLabels();

            // The key is the text the tokenizer read; should the quick scan ever disagree, nothing is cached.
            var key = _labelsEnd == keyEnd ? _in[nameStart..keyEnd] : [];
            handle = sink.Add(key, _mf.Family.Name, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_labels));
        }

        var value = ReadValue();
        sink.Sample(handle, value, ReadTimestamp());
    }

    /// <summary>
    /// Index of the brace closing the label block that starts at <paramref name="from"/> (just after '{'), skipping
    /// quoted values; -1 when a line end or the input end comes first.
    /// </summary>
    private readonly int LabelBlockEnd(int from)
    {
        var pos = from;
        while (true)
        {
            var i = _in[pos..].IndexOfAny((byte)'"', (byte)'}', (byte)'\n');
            if (i < 0 || _in[pos + i] == '\n')
            {
                return -1;
            }

            pos += i;
            if (_in[pos] == '}')
            {
                return pos;
            }

            pos++;
            while (true)
            {
                var j = _in[pos..].IndexOfAny((byte)'"', (byte)'\\', (byte)'\n');
                if (j < 0)
                {
                    return -1;
                }

                pos += j;
                var b = _in[pos];
                if (b == '"')
                {
                    pos++;
                    break;
                }

                if (b == '\n' || pos + 2 > _in.Length)
                {
                    return -1;
                }

                pos += 2;
            }
        }
    }

    private double ReadValue()
    {
        var token = ReadTokenUntilWhitespace();
        if (!GoFloat.TryParse(token, out var value))
        {
            throw Error($"expected float as value, got {GoQuote.Quote(token)}");
        }

        return value;
    }

    // After the value: the optional timestamp and the end of the line.
    private long? ReadTimestamp()
    {
        if (_cur == '\n')
        {
            return null;
        }

        // startTimestamp
        SkipBlankTab();
        var token = ReadTokenUntilWhitespace();
        if (!GoFloat.TryParseInt64(token, out var timestamp))
        {
            throw Error($"expected integer as timestamp, got {GoQuote.Quote(token)}");
        }

        ReadTokenUntilNewline(escapes: false);
        if (_token.WrittenSpan.Length > 0)
        {
            throw Error($"spurious string after timestamp: {GoQuote.Quote(_token.WrittenSpan)}");
        }

        return timestamp;
    }

    private readonly void SortLabels()
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_labels);
        for (var i = 1; i < span.Length; i++)
        {
            if (string.CompareOrdinal(span[i - 1].Name, span[i].Name) > 0)
            {
                span.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                return;
            }
        }
    }

    private void SetOrCreateCurrentMF(ReadOnlySpan<byte> nameBytes)
    {
        // Consecutive lines of one family resolve the same way: skip the lookups.
        if (_lastName is not null && nameBytes.SequenceEqual(_lastName.AsSpan(0, _lastNameLength)))
        {
            return;
        }

        if (_lastName is null || _lastName.Length < nameBytes.Length)
        {
            _lastName = new byte[Math.Max(64, nameBytes.Length)];
        }

        nameBytes.CopyTo(_lastName);
        _lastNameLength = nameBytes.Length;
        _isSummaryCount = false;
        _isSummarySum = false;
        _isHistogramCount = false;
        _isHistogramSum = false;
        var name = _strings.Decode(nameBytes);
        if (_byNameLookup.TryGetValue(name, out var mf))
        {
            _mf = mf;
            return;
        }

        var summaryName = IsCount(name) ? name[..^6] : IsSum(name) ? name[..^4] : name;
        if (_byNameLookup.TryGetValue(summaryName, out mf) && mf.TypeSet && mf.Family.Type == MetricType.Summary)
        {
            _isSummaryCount = IsCount(name);
            _isSummarySum = IsSum(name);
            _mf = mf;
            return;
        }

        var histogramName = IsCount(name) ? name[..^6] : IsSum(name) ? name[..^4] : IsBucket(name) ? name[..^7] : name;
        if (_byNameLookup.TryGetValue(histogramName, out mf) && mf.TypeSet && mf.Family.Type == MetricType.Histogram)
        {
            _isHistogramCount = IsCount(name);
            _isHistogramSum = IsSum(name);
            _mf = mf;
            return;
        }

        var nameString = name.ToString();
        _mf = new FamilyState(new MetricFamily(nameString, MetricType.Untyped));
        _byName[nameString] = _mf;
        _order.Add(_mf);
    }

    // Starts at the current byte; ends with the first blank, tab or LF as the current byte.
    private ReadOnlySpan<byte> ReadTokenUntilWhitespace()
    {
        var start = _next - 1;
        if (IsBlankOrTab(_cur) || _cur == '\n')
        {
            return [];
        }

        var end = _in[_next..].IndexOfAny(s_tokenEnd);
        return TokenEndingAt(start, end);
    }

    // The token from start to the byte `end` past the read position, which becomes the current byte; -1 means EOF.
    private ReadOnlySpan<byte> TokenEndingAt(int start, int end)
    {
        if (end < 0)
        {
            _next = _in.Length;
            throw Eof();
        }

        _next += end;
        _cur = _in[_next++];
        return _in[start..(_next - 1)];
    }

    private ReadOnlySpan<byte> ReadTokenAsName(bool metric)
    {
        var start = _next - 1;
        if (!(metric ? LabelNames.IsMetricStart(_cur) : LabelNames.IsLabelStart(_cur)))
        {
            return [];
        }

        var end = _in[_next..].IndexOfAnyExcept(metric ? s_metricNameChars : s_labelNameChars);
        return TokenEndingAt(start, end);
    }

    private void ReadTokenUntilNewline(bool escapes)
    {
        _token.Clear();
        var escaped = false;
        while (true)
        {
            if (escapes && escaped)
            {
                switch (_cur)
                {
                    case (byte)'\\':
                        _token.Add((byte)'\\');
                        break;
                    case (byte)'n':
                        _token.Add((byte)'\n');
                        break;
                    default:
                        throw Error($"invalid escape sequence '\\{(char)_cur}'");
                }

                escaped = false;
            }
            else
            {
                switch (_cur)
                {
                    case (byte)'\n':
                        return;
                    case (byte)'\\':
                        escaped = true;
                        break;
                    default:
                        _token.Add(_cur);
                        break;
                }
            }

            ReadByteOrThrow();
        }
    }

    // Reads up to the closing quote. Values without escapes are returned as a slice of the input.
    private ReadOnlySpan<byte> ReadTokenAsLabelValue()
    {
        var rest = _in[_next..];
        var stop = rest.IndexOfAny((byte)'"', (byte)'\\', (byte)'\n');
        if (stop >= 0 && rest[stop] == '"')
        {
            _next += stop + 1;
            _cur = (byte)'"';
            return rest[..stop];
        }

        _token.Clear();
        var escaped = false;
        while (true)
        {
            ReadByteOrThrow();
            if (escaped)
            {
                switch (_cur)
                {
                    case (byte)'"':
                    case (byte)'\\':
                        _token.Add(_cur);
                        break;
                    case (byte)'n':
                        _token.Add((byte)'\n');
                        break;
                    default:
                        throw Error($"invalid escape sequence '\\{(char)_cur}'");
                }

                escaped = false;
                continue;
            }

            switch (_cur)
            {
                case (byte)'"':
                    return _token.WrittenSpan;
                case (byte)'\n':
                    throw Error($"label value {GoQuote.Quote(_token.WrittenSpan)} contains unescaped new-line");
                case (byte)'\\':
                    escaped = true;
                    break;
                default:
                    _token.Add(_cur);
                    break;
            }
        }
    }
}
