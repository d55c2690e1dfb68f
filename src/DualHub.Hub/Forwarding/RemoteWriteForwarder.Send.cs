using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using DualHub.Hub.SampleLog;
using Snappier;

namespace DualHub.Hub.Forwarding;

/// <summary>Splitting a record into requests, and the retry policy of the remote-write spec.</summary>
internal sealed partial class RemoteWriteForwarder
{
    private enum Outcome
    {
        Sent,
        Dropped,
        Retry,
    }

    private async Task SendRecordAsync(JournalRecord record, CancellationToken ct)
    {
        // Walk to the cursor's entry, then take entries until max_samples_per_send.
        var max = _config.QueueConfig.MaxSamplesPerSend;
        while (true)
        {
            int start, end, entry, samples;
            try
            {
                // Resume at the byte offset of the cursor's entry when this loop computed it: no rescan per chunk.
                var from = _resume.Sequence == record.Sequence && _resume.Entry == _cursor.Entry ? _resume.Offset : 0;
                var skip = from > 0 ? 0 : _cursor.Entry;
                (start, end, entry, samples) = Slice(record.Data.AsSpan(0, record.Length), from, skip, max);
                entry += from > 0 ? _cursor.Entry : 0;
                _resume = (record.Sequence, entry, end);
            }
            catch (FormatException ex)
            {
                Log.CorruptRecord(_logger, Name, record.Sequence, ex);
                await AdvanceAsync(new CursorPosition(record.Sequence + 1, 0), ct);
                return;
            }

            if (end == start)
            {
                await AdvanceAsync(new CursorPosition(record.Sequence + 1, 0), ct);
                return;
            }

            var next = end == record.Length ? new CursorPosition(record.Sequence + 1, 0) : new CursorPosition(record.Sequence, entry);
            var compressedMax = Snappy.GetMaxCompressedLength(end - start);
            if (_body.Length < compressedMax)
            {
                ArrayPool<byte>.Shared.Return(_body);
                _body = ArrayPool<byte>.Shared.Rent(compressedMax);
            }

            var length = Snappy.Compress(record.Data.AsSpan(start, end - start), _body);
            var sent = await SendWithRetryAsync(_body.AsMemory(0, length), samples, ct);
            await AdvanceAsync(next, ct);
            Interlocked.Add(ref sent ? ref _sent : ref _dropped, samples);
            if (next.Sequence != record.Sequence)
            {
                return;
            }
        }
    }

    /// <summary>Byte range [start, end) of entries from <paramref name="fromEntry"/> holding at most <paramref name="maxSamples"/> samples (at least one entry).</summary>
    internal static (int Start, int End, int NextEntry, int Samples) Slice(ReadOnlySpan<byte> data, int fromOffset, int fromEntry, int maxSamples)
    {
        var reader = new SeriesEntryReader(data[fromOffset..]);
        var index = 0;
        int start = -1, end = 0, samples = 0;
        while (reader.TryNext(out var range, out var n))
        {
            if (index++ < fromEntry)
            {
                continue;
            }

            if (start < 0)
            {
                start = fromOffset + range.Start.Value;
            }
            else if (samples + n > maxSamples)
            {
                return (start, end, index - 1, samples);
            }

            end = fromOffset + range.End.Value;
            samples += n;
        }

        return start < 0 ? (0, 0, index, 0) : (start, data.Length, index, samples);
    }

    private async Task AdvanceAsync(CursorPosition next, CancellationToken ct)
    {
        await _log.CommitCursorAsync(Name, next, ct);
        _cursor = next;
    }

    private async Task<bool> SendWithRetryAsync(ReadOnlyMemory<byte> body, int samples, CancellationToken ct)
    {
        var failures = 0;
        while (true)
        {
            var (outcome, retryAfter, error) = await TrySendAsync(body, ct);
            Interlocked.Increment(ref _requests);
            switch (outcome)
            {
                case Outcome.Sent:
                    if (failures > 0)
                    {
                        Log.Recovered(_logger, Name, failures);
                    }

                    _backoff.Reset();
                    _state = UpstreamState.Sending;
                    _lastError = null;
                    return true;
                case Outcome.Dropped:
                    Log.Dropped(_logger, Name, samples, error ?? string.Empty);
                    Interlocked.Add(ref _failed, samples);
                    _lastError = error;
                    _backoff.Reset();
                    return false;
                default:
                    failures++;
                    Interlocked.Add(ref _retried, samples);
                    _state = UpstreamState.Retrying;
                    _lastError = error;
                    var delay = _backoff.Next();
                    if (retryAfter is { } ra && ra > delay)
                    {
                        delay = ra;
                    }

                    Log.Retrying(_logger, Name, error ?? "error", samples, (long)delay.TotalMilliseconds);
                    await Task.Delay(delay, _time, ct);
                    break;
            }
        }
    }

    private async Task<(Outcome Outcome, TimeSpan? RetryAfter, string? Error)> TrySendAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _config.Url);
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        request.Content = content;
        foreach (var (k, v) in _config.Headers)
        {
            request.Headers.TryAddWithoutValidation(k, v);
        }

        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        request.Headers.Authorization = _auth;

        using var timeout = new CancellationTokenSource(_config.RemoteTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return (Outcome.Sent, null, null);
            }

            var text = await ReadSnippetAsync(response, linked.Token);
            var error = $"HTTP {status}: {text}";
            if (status >= 500)
            {
                return (Outcome.Retry, null, error);
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // Always retried (zero loss); Retry-After honoured when retry_on_http_429 is set, as in Prometheus.
                return (Outcome.Retry, _config.QueueConfig.RetryOnHttp429 ? RetryAfter(response) : null, error);
            }

            return (Outcome.Dropped, null, error);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (Outcome.Retry, null, $"timeout after {_config.RemoteTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return (Outcome.Retry, null, ex.Message);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var ra = response.Headers.RetryAfter;
        if (ra?.Delta is { } delta)
        {
            return delta;
        }

        if (ra?.Date is { } date)
        {
            var d = date - _time.GetUtcNow();
            return d > TimeSpan.Zero ? d : TimeSpan.Zero;
        }

        return null;
    }

    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            text = text.Trim();
            return text.Length > 256 ? text[..256] : text;
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
    }
}
