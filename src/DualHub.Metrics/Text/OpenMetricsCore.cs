using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using DualHub.Metrics.Formatting;
using DualHub.Metrics.Model;

namespace DualHub.Metrics.Text;

/// <summary>Line-by-line OpenMetrics 1.0 parser over a span (see <see cref="OpenMetricsParser"/>).</summary>
internal ref struct OpenMetricsCore
{
    private static readonly string[] s_reservedSuffixes = ["_total", "_created", "_count", "_sum", "_bucket", "_gcount", "_gsum", "_info"];
    private readonly ReadOnlySpan<byte> _in;
    private readonly StringTable _strings = new();
    private readonly Dictionary<string, OpenMetricsFamily> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OpenMetricsFamily>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<OpenMetricsFamily> _order = [];
    private readonly List<Label> _labels = [];
    private readonly DuplicateLabelCheck _duplicates = new();
    private readonly ArrayBufferWriterLite _token = new();
    private OpenMetricsFamily? _current;
    private int _line;

    public OpenMetricsCore(ReadOnlySpan<byte> input)
    {
        _in = input;
        _lookup = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private enum Part
    {
        Value,
        Total,
        Created,
        Sum,
        Count,
        Bucket,
        Info,
    }

    public List<MetricFamily> Run()
    {
        var pos = 0;
        while (true)
        {
            _line++;
            if (pos >= _in.Length)
            {
                throw Error("unexpected end of input: the exposition must end with \"# EOF\"");
            }

            var lf = _in[pos..].IndexOf((byte)'\n');
            var line = lf < 0 ? _in[pos..] : _in.Slice(pos, lf);
            var next = lf < 0 ? _in.Length : pos + lf + 1;
            if (line.SequenceEqual("# EOF"u8))
            {
                if (next < _in.Length)
                {
                    throw Error("unexpected content after \"# EOF\"");
                }

                break;
            }

            if (lf < 0)
            {
                throw Error("unexpected end of input: last line has no line feed and no \"# EOF\" followed");
            }

            if (line.IsEmpty)
            {
                throw Error("empty lines are not allowed");
            }

            if (line[0] == '#')
            {
                Descriptor(line);
            }
            else
            {
                Sample(line);
            }

            pos = next;
        }

        var result = new List<MetricFamily>(_order.Count);
        foreach (var family in _order)
        {
            if (family.State is { } state)
            {
                state.Complete();
                if (state.Family.Metrics.Count > 0)
                {
                    result.Add(state.Family);
                }
            }
        }

        return result;
    }

    private readonly MetricsParseException Error(string message) =>
        new($"openmetrics parsing error in line {_line}: {message}", _line);

    private static ReadOnlySpan<byte> ReadName(ReadOnlySpan<byte> line, ref int i, bool metric)
    {
        var start = i;
        if (i >= line.Length || !(metric ? LabelNames.IsMetricStart(line[i]) : LabelNames.IsLabelStart(line[i])))
        {
            return [];
        }

        i++;
        while (i < line.Length && (metric ? LabelNames.IsMetricContinuation(line[i]) : LabelNames.IsLabelContinuation(line[i])))
        {
            i++;
        }

        return line[start..i];
    }

    private void Descriptor(ReadOnlySpan<byte> line)
    {
        ReadOnlySpan<byte> keyword = line.Length >= 7 ? line[..7] : line;
        var isHelp = keyword.SequenceEqual("# HELP "u8);
        var isType = keyword.SequenceEqual("# TYPE "u8);
        var isUnit = keyword.SequenceEqual("# UNIT "u8);
        if (!isHelp && !isType && !isUnit)
        {
            throw Error($"invalid comment line {GoQuote.Quote(line)}: only # HELP, # TYPE, # UNIT and # EOF are allowed");
        }

        var i = 7;
        var nameBytes = ReadName(line, ref i, metric: true);
        if (nameBytes.IsEmpty || (i < line.Length && line[i] != ' '))
        {
            throw Error($"invalid metric name in {GoQuote.Quote(line[..6])} line");
        }

        var text = i < line.Length ? line[(i + 1)..] : [];
        var family = FamilyForDescriptor(nameBytes);
        if (family.State is not null)
        {
            throw Error($"{GoQuote.Quote(line[..6])} line for family {GoQuote.Quote(family.BaseName)} after its samples");
        }

        if (isHelp)
        {
            if (family.HelpSet)
            {
                throw Error($"second HELP line for family {GoQuote.Quote(family.BaseName)}");
            }

            family.Help = Unescape(text, allowQuote: true);
            family.HelpSet = true;
        }
        else if (isType)
        {
            if (family.TypeSet)
            {
                throw Error($"second TYPE line for family {GoQuote.Quote(family.BaseName)}");
            }

            family.Type = Encoding.ASCII.GetString(text) switch
            {
                "counter" => MetricType.Counter,
                "gauge" => MetricType.Gauge,
                "histogram" => MetricType.Histogram,
                "gaugehistogram" => MetricType.GaugeHistogram,
                "stateset" => MetricType.StateSet,
                "info" => MetricType.Info,
                "summary" => MetricType.Summary,
                "unknown" => MetricType.Untyped,
                _ => throw Error($"unknown metric type {GoQuote.Quote(text)}"),
            };
            family.TypeSet = true;
        }
        else
        {
            if (family.UnitSet)
            {
                throw Error($"second UNIT line for family {GoQuote.Quote(family.BaseName)}");
            }

            var unit = Unescape(text, allowQuote: true);
            if (unit.Length > 0 && !family.BaseName.EndsWith("_" + unit, StringComparison.Ordinal))
            {
                throw Error($"unit {GoQuote.Quote(unit)} is not a suffix of metric name {GoQuote.Quote(family.BaseName)}");
            }

            family.Unit = unit;
            family.UnitSet = true;
        }
    }

    private OpenMetricsFamily FamilyForDescriptor(scoped ReadOnlySpan<byte> nameBytes)
    {
        var name = _strings.Decode(nameBytes);
        if (_current is not null && name.SequenceEqual(_current.BaseName))
        {
            return _current;
        }

        if (_lookup.ContainsKey(name))
        {
            throw Error($"family {GoQuote.Quote(nameBytes)} is not contiguous: its lines are interleaved with another family");
        }

        return StartFamily(name.ToString());
    }

    private OpenMetricsFamily StartFamily(string name)
    {
        var family = new OpenMetricsFamily(name);
        _byName[name] = family;
        _order.Add(family);
        _current = family;
        return family;
    }

    private void Sample(ReadOnlySpan<byte> line)
    {
        var i = 0;
        var nameBytes = ReadName(line, ref i, metric: true);
        if (nameBytes.IsEmpty)
        {
            throw Error($"expected a metric name at the start of {GoQuote.Quote(line)}");
        }

        var (family, part) = Resolve(nameBytes);
        var type = family.Type;
        var special = (type == MetricType.Summary && part == Part.Value) ? "quantile"
            : part == Part.Bucket ? "le"
            : null;
        var bound = double.NaN;
        _labels.Clear();
        _duplicates.Reset();
        if (i < line.Length && line[i] == '{')
        {
            ReadLabels(line, ref i, special, out bound);
        }

        if (special is not null && double.IsNaN(bound))
        {
            throw Error($"sample {GoQuote.Quote(nameBytes)} needs a {GoQuote.Quote(special)} label");
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw Error($"expected a space before the value in {GoQuote.Quote(line)}");
        }

        i++;
        var value = Number(line, ref i, "value");
        long? timestampMs = null;
        if (i < line.Length && !line[i..].StartsWith(" # "u8))
        {
            if (line[i] != ' ')
            {
                throw Error($"unexpected {GoQuote.Quote(line[i..])} after the value");
            }

            i++;
            timestampMs = Timestamp(line, ref i);
        }

        if (i < line.Length)
        {
            Exemplar(line, ref i);
        }

        Store(family, part, value, timestampMs, bound);
    }

    private (OpenMetricsFamily Family, Part Part) Resolve(scoped ReadOnlySpan<byte> nameBytes)
    {
        var name = _strings.Decode(nameBytes);
        if (_current is { } c && Match(c, name) is { } part)
        {
            return (c, part);
        }

        if (_current is not null && name.SequenceEqual(_current.BaseName))
        {
            throw Error($"sample name {GoQuote.Quote(nameBytes)} is not valid for a {_current.Type.ToString().ToLowerInvariant()} family");
        }

        if (_lookup.ContainsKey(name))
        {
            throw Error($"family {GoQuote.Quote(nameBytes)} is not contiguous: its lines are interleaved with another family");
        }

        foreach (var suffix in s_reservedSuffixes)
        {
            if (name.EndsWith(suffix) && _lookup.ContainsKey(name[..^suffix.Length]))
            {
                throw Error($"sample name {GoQuote.Quote(nameBytes)} clashes with family {GoQuote.Quote(name[..^suffix.Length].ToString())}");
            }
        }

        var family = StartFamily(name.ToString());
        return (family, Part.Value);
    }

    private static Part? Match(OpenMetricsFamily family, ReadOnlySpan<char> name)
    {
        var baseName = family.BaseName.AsSpan();
        if (!name.StartsWith(baseName))
        {
            return null;
        }

        var suffix = name[baseName.Length..];
        return family.Type switch
        {
            MetricType.Counter => suffix switch
            {
                "_total" => Part.Total,
                "_created" => Part.Created,
                _ => null,
            },
            MetricType.Summary => suffix switch
            {
                "" => Part.Value,
                "_sum" => Part.Sum,
                "_count" => Part.Count,
                "_created" => Part.Created,
                _ => null,
            },
            MetricType.Histogram => suffix switch
            {
                "_bucket" => Part.Bucket,
                "_sum" => Part.Sum,
                "_count" => Part.Count,
                "_created" => Part.Created,
                _ => null,
            },
            MetricType.GaugeHistogram => suffix switch
            {
                "_bucket" => Part.Bucket,
                "_gsum" => Part.Sum,
                "_gcount" => Part.Count,
                _ => null,
            },
            MetricType.Info => suffix is "_info" ? Part.Info : null,
            _ => suffix.IsEmpty ? Part.Value : null,
        };
    }

    private void ReadLabels(ReadOnlySpan<byte> line, ref int i, string? special, out double bound)
    {
        bound = double.NaN;
        i++; // '{'
        if (i < line.Length && line[i] == '}')
        {
            i++;
            return;
        }

        for (var slot = 0; ; slot++)
        {
            var nameBytes = ReadName(line, ref i, metric: false);
            if (nameBytes.IsEmpty)
            {
                throw Error($"invalid label name in {GoQuote.Quote(line)}");
            }

            if (i + 1 >= line.Length || line[i] != '=' || line[i + 1] != '"')
            {
                throw Error($"expected =\" after label name {GoQuote.Quote(nameBytes)}");
            }

            i += 2;
            ReadQuoted(line, ref i);
            var valueBytes = _token.WrittenSpan;
            if (!Utf8.IsValid(valueBytes))
            {
                throw Error($"invalid label value {GoQuote.Quote(valueBytes)}");
            }

            var name = _strings.GetLabelName(nameBytes, slot);
            if (special is not null && name == special)
            {
                if (!double.IsNaN(bound) || !GoFloat.TryParse(valueBytes, out bound) || double.IsNaN(bound))
                {
                    throw Error($"invalid {special} label value {GoQuote.Quote(valueBytes)}");
                }
            }
            else
            {
                if (_duplicates.IsDuplicate(_labels, name))
                {
                    throw Error($"duplicate label name {GoQuote.Quote(name)}");
                }

                _labels.Add(new Label(name, _strings.GetLabelValue(valueBytes, slot)));
            }

            if (i < line.Length && line[i] == ',')
            {
                i++;
                continue;
            }

            if (i < line.Length && line[i] == '}')
            {
                i++;
                return;
            }

            throw Error($"expected ',' or '}}' after label value in {GoQuote.Quote(line)}");
        }
    }

    // The label set of an exemplar: checked for syntax and dropped.
    private void SkipLabelSet(ReadOnlySpan<byte> line, ref int i)
    {
        if (i >= line.Length || line[i] != '{')
        {
            throw Error("expected '{' to start the exemplar's labels");
        }

        i++;
        if (i < line.Length && line[i] == '}')
        {
            i++;
            return;
        }

        while (true)
        {
            var nameBytes = ReadName(line, ref i, metric: false);
            if (nameBytes.IsEmpty || i + 1 >= line.Length || line[i] != '=' || line[i + 1] != '"')
            {
                throw Error("invalid exemplar label");
            }

            i += 2;
            ReadQuoted(line, ref i);
            if (i < line.Length && line[i] == ',')
            {
                i++;
                continue;
            }

            if (i < line.Length && line[i] == '}')
            {
                i++;
                return;
            }

            throw Error("invalid exemplar label set");
        }
    }

    // Reads up to the closing quote; \\, \" and \n are unescaped, other escapes kept verbatim.
    private void ReadQuoted(ReadOnlySpan<byte> line, ref int i)
    {
        _token.Clear();
        while (i < line.Length)
        {
            var c = line[i++];
            if (c == '"')
            {
                return;
            }

            if (c != '\\')
            {
                _token.Add(c);
                continue;
            }

            if (i >= line.Length)
            {
                break;
            }

            var e = line[i++];
            switch (e)
            {
                case (byte)'n':
                    _token.Add((byte)'\n');
                    break;
                case (byte)'"':
                case (byte)'\\':
                    _token.Add(e);
                    break;
                default:
                    _token.Add((byte)'\\');
                    _token.Add(e);
                    break;
            }
        }

        throw Error("label value is not terminated by '\"'");
    }

    private readonly string Unescape(ReadOnlySpan<byte> text, bool allowQuote)
    {
        _token.Clear();
        for (var k = 0; k < text.Length; k++)
        {
            var c = text[k];
            if (c == '\\' && k + 1 < text.Length && (text[k + 1] is (byte)'n' or (byte)'\\' || (allowQuote && text[k + 1] == '"')))
            {
                k++;
                _token.Add(text[k] == 'n' ? (byte)'\n' : text[k]);
            }
            else
            {
                _token.Add(c);
            }
        }

        if (!Utf8.IsValid(_token.WrittenSpan))
        {
            throw Error($"invalid UTF-8 in {GoQuote.Quote(text)}");
        }

        return Encoding.UTF8.GetString(_token.WrittenSpan);
    }

    private readonly double Number(ReadOnlySpan<byte> line, ref int i, string what)
    {
        var start = i;
        while (i < line.Length && line[i] != ' ')
        {
            i++;
        }

        var token = line[start..i];
        if (!GoFloat.TryParse(token, out var value))
        {
            throw Error($"expected a number as {what}, got {GoQuote.Quote(token)}");
        }

        return value;
    }

    private readonly long Timestamp(ReadOnlySpan<byte> line, ref int i)
    {
        var seconds = Number(line, ref i, "timestamp");
        var ms = Math.Round(seconds * 1000);
        if (!double.IsFinite(ms) || Math.Abs(ms) >= 9.2e18)
        {
            throw Error($"timestamp {seconds} is out of range");
        }

        return (long)ms;
    }

    private void Exemplar(ReadOnlySpan<byte> line, ref int i)
    {
        if (!line[i..].StartsWith(" # "u8))
        {
            throw Error($"unexpected {GoQuote.Quote(line[i..])} after the sample");
        }

        i += 3;
        SkipLabelSet(line, ref i);
        if (i >= line.Length || line[i] != ' ')
        {
            throw Error("expected a value after the exemplar's labels");
        }

        i++;
        Number(line, ref i, "exemplar value");
        if (i < line.Length)
        {
            if (line[i] != ' ')
            {
                throw Error("unexpected text after the exemplar");
            }

            i++;
            Timestamp(line, ref i);
            if (i < line.Length)
            {
                throw Error("unexpected text after the exemplar's timestamp");
            }
        }
    }

    private void Store(OpenMetricsFamily family, Part part, double value, long? timestampMs, double bound)
    {
        var state = family.EnsureState();
        var labels = CollectionsMarshal.AsSpan(_labels);
        labels.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        switch (family.Type)
        {
            case MetricType.Counter:
            case MetricType.Summary:
            case MetricType.Histogram:
            case MetricType.GaugeHistogram:
                var series = state.GetOrAddSeries(labels, out _, out var returned);
                if (returned)
                {
                    throw Error($"metric of family {GoQuote.Quote(family.BaseName)} is not contiguous: its samples are interleaved with another metric");
                }

                var metric = series.Metric;
                switch (part)
                {
                    case Part.Total:
                        metric.Value = value;
                        metric.TimestampMs = timestampMs ?? metric.TimestampMs;
                        break;
                    case Part.Created:
                        metric.Created = value;
                        break;
                    case Part.Sum:
                        metric.Sum = value;
                        break;
                    case Part.Count:
                        metric.Count = value;
                        metric.TimestampMs = timestampMs ?? metric.TimestampMs;
                        break;
                    case Part.Bucket:
                        series.AddBucket(new Bucket(bound, value));
                        break;
                    default:
                        series.AddQuantile(new Quantile(bound, value));
                        break;
                }

                break;
            default:
                state.Family.Metrics.Add(new Metric { Labels = labels.IsEmpty ? [] : labels.ToArray(), Value = value, TimestampMs = timestampMs });
                break;
        }
    }
}
