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

    private async Task SendRecordAsync(JournalRecordInfo record, CancellationToken ct)
    {
        var max = _config.QueueConfig.MaxSamplesPerSend;
        int offset;
        try
        {
            // Resume at the byte offset of the cursor's entry when this loop computed it; else walk to it once.
            offset = _resume.Sequence == record.Sequence && _resume.Entry == _cursor.Entry
                ? _resume.Offset
                : SkipEntries(record, _cursor.Entry);
        }
        catch (FormatException ex)
        {
            Log.CorruptRecord(_logger, Name, record.Sequence, ex);
            ClosePayload();
            await AdvanceAsync(new CursorPosition(record.Sequence + 1, 0), ct);
            return;
        }

        while (true)
        {
            int length, entries, samples;
            try
            {
                (length, entries, samples) = offset < record.Bytes ? ReadChunk(record, offset, max) : (0, 0, 0);
            }
            catch (FormatException ex)
            {
                Log.CorruptRecord(_logger, Name, record.Sequence, ex);
                length = entries = samples = 0;
            }

            if (length == 0)
            {
                ClosePayload();
                await AdvanceAsync(new CursorPosition(record.Sequence + 1, 0), ct);
                return;
            }

            var chunk = _window.AsSpan(offset - _windowOffset, length);
            offset += length;
            var entry = _cursor.Entry + entries;
            var next = offset >= record.Bytes ? new CursorPosition(record.Sequence + 1, 0) : new CursorPosition(record.Sequence, entry);
            _resume = (record.Sequence, entry, offset);
            var compressedMax = Snappy.GetMaxCompressedLength(length);
            if (_body.Length < compressedMax)
            {
                ArrayPool<byte>.Shared.Return(_body);
                _body = ArrayPool<byte>.Shared.Rent(compressedMax);
            }

            var compressed = Snappy.Compress(chunk, _body);
            var sent = await SendWithRetryAsync(_body.AsMemory(0, compressed), samples, ct);
            await AdvanceAsync(next, ct, sent ? samples : 0, sent ? 0 : samples);
            if (next.Sequence != record.Sequence)
            {
                ClosePayload();
                return;
            }
        }
    }

    /// <summary>
    /// Whole entries of <paramref name="record"/> from <paramref name="offset"/> within the next window of the record
    /// (<see cref="WindowBytes"/>, so a resumed forwarder cuts the same requests), up to <paramref name="maxSamples"/>
    /// samples (at least one entry); returns their byte length, count and samples.
    /// </summary>
    private (int Length, int Entries, int Samples) ReadChunk(JournalRecordInfo record, int offset, int maxSamples)
    {
        var want = Math.Min(record.Bytes - offset, WindowBytes);
        while (true)
        {
            var data = Window(record, offset, want);
            if (data.IsEmpty)
            {
                return (0, 0, 0);
            }

            var (length, entries, samples, needed) = Entries(data, maxSamples, int.MaxValue);
            if (entries > 0)
            {
                return (length, entries, samples);
            }

            if (needed <= want || offset + needed > record.Bytes)
            {
                throw new FormatException($"entry at offset {offset} does not fit the record");
            }

            want = needed; // one entry larger than the window
        }
    }

    /// <summary>Byte offset of entry <paramref name="entry"/> of a record, reading it window by window.</summary>
    private int SkipEntries(JournalRecordInfo record, int entry)
    {
        var offset = 0;
        while (entry > 0 && offset < record.Bytes)
        {
            var data = Window(record, offset, Math.Min(record.Bytes - offset, WindowBytes));
            if (data.IsEmpty)
            {
                return record.Bytes;
            }

            var (length, entries, _, needed) = Entries(data, int.MaxValue, entry);
            if (entries == 0)
            {
                // An entry larger than the window: skip it by its header alone.
                offset += needed;
                entry--;
                continue;
            }

            offset += length;
            entry -= entries;
        }

        return offset;
    }

    /// <summary>
    /// Record bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="want"/>) from the window
    /// buffer, read from the journal front to back through one open payload (the buffer holds up to two windows, so a
    /// record is read once whatever the request size); empty when the record is gone.
    /// </summary>
    private ReadOnlySpan<byte> Window(JournalRecordInfo record, int offset, int want)
    {
        var same = _windowSequence == record.Sequence && offset >= _windowOffset && offset <= _windowOffset + _windowLength;
        if (same && offset + want <= _windowOffset + _windowLength)
        {
            return _window.AsSpan(offset - _windowOffset, want);
        }

        var keep = same ? _windowOffset + _windowLength - offset : 0;
        var size = Math.Min(Math.Max(want, 2 * WindowBytes), record.Bytes - offset);
        if (_window.Length < size)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(size);
            _window.AsSpan(offset - _windowOffset, keep).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_window);
            _window = bigger;
        }
        else if (keep > 0)
        {
            _window.AsSpan(offset - _windowOffset, keep).CopyTo(_window);
        }

        _windowSequence = record.Sequence;
        _windowOffset = offset;
        _windowLength = keep;
        try
        {
            if (_payloadSequence != record.Sequence || _payload is null)
            {
                ClosePayload();
                _payload = _log.OpenPayload(record.Sequence);
                _payloadSequence = record.Sequence;
            }

            if (_payload is not null)
            {
                _payload.Position = offset + keep;
                _windowLength += _payload.ReadAtLeast(_window.AsSpan(keep, size - keep), size - keep, throwOnEndOfStream: false);
            }
        }
        catch (IOException)
        {
            ClosePayload(); // deleted by retention meanwhile
        }

        return _windowLength >= want ? _window.AsSpan(0, want) : [];
    }

    /// <summary>Releases the journal read snapshot (before waiting, and once a record is done).</summary>
    private void ClosePayload()
    {
        _payload?.Dispose();
        _payload = null;
        _payloadSequence = -1;
    }

    /// <summary>
    /// Whole <c>TimeSeries</c> entries at the start of <paramref name="data"/>: stops before exceeding
    /// <paramref name="maxSamples"/> (never before the first entry), after <paramref name="maxEntries"/>, or at an
    /// entry cut by the end of the data (<c>Needed</c> is then that entry's full size).
    /// </summary>
    internal static (int Length, int Entries, int Samples, int Needed) Entries(ReadOnlySpan<byte> data, int maxSamples, int maxEntries) =>
        DualHub.Metrics.RemoteWrite.RemoteWriteEntries.Measure(data, maxSamples, maxEntries);

    private async Task AdvanceAsync(CursorPosition next, CancellationToken ct, long sent = 0, long dropped = 0)
    {
        await _log.CommitCursorAsync(Name, next, ct);

        // The cursor (what is pending) and the counts move together: a status never shows nothing pending with the
        // last batch uncounted, nor the batch counted while it is still pending.
        lock (_progress)
        {
            _cursor = next;
            _sent += sent;
            _dropped += dropped;
        }
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
                    ClosePayload();
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
