using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using DualHub.Core.Retry;
using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.SampleLog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snappier;

namespace DualHub.Hub.Forwarding;

/// <summary>
/// One upstream's send loop. A request never spans two journal records and always starts at the persisted cursor,
/// so after a crash between the upstream's 2xx and the cursor commit the same request is re-sent byte for byte:
/// the upstream sees an exact duplicate (accepted) and never a mix of old and new samples (rejected as out of order).
/// </summary>
internal sealed partial class RemoteWriteForwarder : IUpstreamForwarder
{
    public const string UserAgent = "DualHub/0.1";

    private readonly RemoteWriteConfig _config;
    private readonly ISampleLog _log;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Backoff _backoff;
    private readonly CancellationTokenSource _stop = new();
    private readonly AuthenticationHeaderValue? _auth;
    private readonly string _safeUrl;
    private readonly Lock _progress = new();
    private Task _loop = Task.CompletedTask;
    private byte[] _body = ArrayPool<byte>.Shared.Rent(1 << 20);
    private const int WindowBytes = 1 << 20;
    private byte[] _window = ArrayPool<byte>.Shared.Rent(2 * WindowBytes);
    private long _windowSequence = -1;
    private int _windowOffset;
    private int _windowLength;
    private Stream? _payload;
    private long _payloadSequence = -1;
    private CursorPosition _cursor;
    private (long Sequence, int Entry, int Offset) _resume = (-1, 0, 0);
    private volatile UpstreamState _state = UpstreamState.Idle;
    private volatile string? _lastError;
    private long _sent;
    private long _failed;
    private long _retried;
    private long _dropped;
    private long _requests;

    public RemoteWriteForwarder(RemoteWriteConfig config, ISampleLog log, HttpMessageHandler handler, TimeProvider time, ILogger? logger = null, Func<double>? jitter = null)
    {
        _config = config;
        _log = log;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _http = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _backoff = new Backoff(config.QueueConfig.MinBackoff, config.QueueConfig.MaxBackoff, equalJitter: true, random: jitter);
        _safeUrl = config.Url.GetComponents(UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped);
        if (config.BasicAuth is { } basic)
        {
            var raw = System.Text.Encoding.UTF8.GetBytes($"{basic.Username}:{basic.ResolvePassword()}");
            _auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
        }
        else if (config.BearerToken is { } token)
        {
            _auth = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public string Name => _config.Name;

    public void Start()
    {
        _cursor = _log.GetCursor(Name);
        Log.Starting(_logger, Name, _config.Url, _cursor.Sequence, _cursor.Entry);
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public UpstreamStatus GetStatus()
    {
        CursorPosition cursor;
        long sent, dropped;
        lock (_progress)
        {
            (cursor, sent, dropped) = (_cursor, _sent, _dropped);
        }

        var (records, samples, oldest) = _log.Pending(cursor.Sequence);
        var lag = records == 0 ? 0 : Math.Max(0, (_time.GetUtcNow().ToUnixTimeMilliseconds() - oldest) / 1000.0);
        return new UpstreamStatus(
            Name,
            _safeUrl,
            _state,
            samples,
            records,
            lag,
            _lastError,
            sent,
            Interlocked.Read(ref _failed),
            Interlocked.Read(ref _retried),
            dropped,
            _log.DroppedSamples(Name),
            Interlocked.Read(ref _requests));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        ClosePayload();
        _http.Dispose();
        ArrayPool<byte>.Shared.Return(_body);
        ArrayPool<byte>.Shared.Return(_window);
        _body = [];
        _window = [];
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await StepAsync(ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A journal error (disk full, I/O) must not end forwarding: report it and try again.
                    _state = UpstreamState.Retrying;
                    _lastError = "journal: " + ex.Message;
                    Log.JournalError(_logger, Name, ex);
                    await Task.Delay(_backoff.Next(), _time, ct);
                }
            }
        }
        finally
        {
            _state = UpstreamState.Stopped;
        }
    }

    internal async Task StepAsync(CancellationToken ct)
    {
        var record = _log.ReadInfo(_cursor.Sequence);
        if (record is null)
        {
            _state = _state == UpstreamState.Retrying ? UpstreamState.Retrying : UpstreamState.Idle;
            await _log.WaitForSequenceAsync(Math.Max(_cursor.Sequence, _log.LastSequence + 1), ct);
            return;
        }

        if (record.Value.Sequence != _cursor.Sequence)
        {
            // The cursor's record was acknowledged whole, or dropped by retention (counted there).
            _cursor = new CursorPosition(record.Value.Sequence, 0);
        }

        await SendRecordAsync(record.Value, ct);
    }
}
