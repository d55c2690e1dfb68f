using System.Buffers;
using System.Net.Http.Headers;
using DualHub.Core.Retry;
using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.SampleJournal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snappier;

namespace DualHub.Hub.Upstreams;

/// <summary>
/// A <c>remote_write</c> upstream. A request never spans two journal records and always starts at the persisted
/// cursor, so after a crash between the upstream's 2xx and the cursor commit the same request is re-sent byte for
/// byte: the upstream sees an exact duplicate (accepted) and never a mix of old and new samples (rejected as out of order).
/// </summary>
internal sealed partial class RemoteWriteSender : IUpstreamSender
{
    public const string UserAgent = "DualHub/0.1";
    private const int WindowBytes = 1 << 20;

    private readonly RemoteWriteConfig _config;
    private readonly ISampleLog _log;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AuthenticationHeaderValue? _auth;
    private readonly WriteRelabeler? _relabeler;
    private byte[] _body = ArrayPool<byte>.Shared.Rent(1 << 20);
    private byte[] _window = ArrayPool<byte>.Shared.Rent(2 * WindowBytes);
    private long _windowSequence = -1;
    private int _windowOffset;
    private int _windowLength;
    private Stream? _payload;
    private long _payloadSequence = -1;
    private (long Sequence, int Entry, int Offset) _resume = (-1, 0, 0);

    public RemoteWriteSender(RemoteWriteConfig config, ISampleLog log, HttpMessageHandler handler, TimeProvider time, ILogger? logger = null)
    {
        _config = config;
        _log = log;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _http = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _relabeler = config.WriteRelabelConfigs.Count > 0 ? new WriteRelabeler(config.WriteRelabelConfigs) : null;
        Target = config.Url.GetComponents(UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped);
        if (config.BasicAuth is null && config.BearerToken is { } token)
        {
            _auth = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public string Name => _config.Name;

    public string Target { get; }

    public string CursorName => _config.Name;

    /// <summary>The journal upstream of <paramref name="config"/>, backing off between its queue's min and max backoff.</summary>
    public static JournalUpstream Upstream(RemoteWriteConfig config, ISampleLog log, HttpMessageHandler handler, TimeProvider time, ILogger? logger = null, Func<double>? jitter = null)
    {
        var backoff = new Backoff(config.QueueConfig.MinBackoff, config.QueueConfig.MaxBackoff, equalJitter: true, random: jitter);
        return new JournalUpstream(log, new RemoteWriteSender(config, log, handler, time, logger), backoff, time, config.ResendWindow);
    }

    public bool TryCut(JournalRecordInfo record, CursorPosition cursor, out UpstreamBatch batch)
    {
        // Resume at the byte offset of the cursor's entry when this sender computed it; else walk to it once.
        var offset = _resume.Sequence == record.Sequence && _resume.Entry == cursor.Entry
            ? _resume.Offset
            : SkipEntries(record, cursor.Entry);
        var (length, entries, samples) = offset < record.Bytes ? ReadChunk(record, offset, _config.QueueConfig.MaxSamplesPerSend) : (0, 0, 0);
        if (length == 0)
        {
            batch = default;
            return false;
        }

        ReadOnlySpan<byte> chunk = _window.AsSpan(offset - _windowOffset, length);
        if (_relabeler is not null)
        {
            chunk = _relabeler.Apply(chunk);
        }

        offset += length;
        var entry = cursor.Entry + entries;
        var next = offset >= record.Bytes ? new CursorPosition(record.Sequence + 1, 0) : new CursorPosition(record.Sequence, entry);
        _resume = (record.Sequence, entry, offset);
        var compressedMax = Snappy.GetMaxCompressedLength(chunk.Length);
        if (_body.Length < compressedMax)
        {
            ArrayPool<byte>.Shared.Return(_body);
            _body = ArrayPool<byte>.Shared.Rent(compressedMax);
        }

        var compressed = Snappy.Compress(chunk, _body);
        batch = new UpstreamBatch(record.Sequence, _body.AsMemory(0, compressed), samples, next);
        return true;
    }

    public void Pause() => ClosePayload();

    public void EndRecord() => ClosePayload();

    public void LogStarting(CursorPosition cursor) => RemoteWriteLog.Starting(_logger, Name, _config.Url, cursor.Sequence, cursor.Entry);

    public void LogRetrying(UpstreamBatch batch, string reason, TimeSpan delay) =>
        RemoteWriteLog.Retrying(_logger, Name, reason, batch.Samples, (long)delay.TotalMilliseconds);

    public void LogRecovered(int failures) => RemoteWriteLog.Recovered(_logger, Name, failures);

    public void LogDropped(UpstreamBatch batch, string reason) => RemoteWriteLog.Dropped(_logger, Name, batch.Samples, reason);

    public void LogCorruptRecord(long sequence, FormatException exception) => RemoteWriteLog.CorruptRecord(_logger, Name, sequence, exception);

    public void LogJournalError(Exception exception) => RemoteWriteLog.JournalError(_logger, Name, exception);

    public void Dispose()
    {
        ClosePayload();
        _http.Dispose();
        ArrayPool<byte>.Shared.Return(_body);
        ArrayPool<byte>.Shared.Return(_window);
        _body = [];
        _window = [];
    }
}
