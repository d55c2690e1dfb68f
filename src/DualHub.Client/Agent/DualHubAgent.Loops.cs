using DualHub.Client.Delivery;
using DualHub.Client.Events;
using DualHub.Client.Failover;
using DualHub.Client.Spool;
using DualHub.Client.Telemetry;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;

namespace DualHub.Client.Agent;

/// <summary>The push loop, the probe loop and what they share.</summary>
internal sealed partial class DualHubAgent
{
    private async Task PushLoopAsync(CancellationToken ct)
    {
        var due = _time.GetUtcNow();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var wait = due - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    if (await WaitOrWakeAsync(wait, ct))
                    {
                        await UnderPushLockAsync(DrainAsync, ct);
                    }

                    continue;
                }

                await UnderPushLockAsync(PushOnceAsync, ct);
                var now = _time.GetUtcNow();
                due += Options.PushInterval;
                if (due <= now)
                {
                    due = now + Options.PushInterval; // a slow push skips ticks instead of bursting
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // the loop must outlive any bug in one push: log it and push again next tick
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.LoopError(_logger, ex);
                due = _time.GetUtcNow() + Options.PushInterval;
            }
        }
    }

    private async Task<PushOutcome> ProbeAsync(int hub, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        var outcome = await _transport.ProbeAsync(_healthUrls[hub], _timeouts.For(hub, _selector.IsHealthy(hub)), ct);
        if (outcome.Answered)
        {
            _timeouts.Record(hub, _time.GetElapsedTime(started));
        }

        return outcome;
    }

    private async Task ProbeLoopAsync(CancellationToken ct)
    {
        var nextPublish = _time.GetUtcNow();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var due = _selector.DueProbes();
                if (due.Length > 0)
                {
                    var results = await Task.WhenAll(due.Select(i => ProbeAsync(i, ct)));
                    for (var k = 0; k < due.Length; k++)
                    {
                        var ok = results[k].Status == PushStatus.Accepted;
                        if (!ok)
                        {
                            Log.ProbeFailed(_logger, _selector.NameOf(due[k]), results[k].Error);
                        }

                        if (_selector.ReportProbe(due[k], ok, results[k].Error) is { } change)
                        {
                            OnActiveChanged(change, 0);
                            if (change.To >= 0 && (_spool?.Count ?? 0) > 0)
                            {
                                Wake(); // a hub is back: deliver the spool now, not at the next tick
                            }
                        }
                    }
                }

                if (_time.GetUtcNow() >= nextPublish)
                {
                    nextPublish = _time.GetUtcNow() + Options.Failover.HealthCheckInterval;
                    await PublishHealthAsync(ct);
                }

                var wait = _selector.UntilNextProbe();
                var untilPublish = nextPublish - _time.GetUtcNow();
                wait = untilPublish < wait ? untilPublish : wait; // an unhealthy hub's long probe backoff must not delay health
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _time, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // the probe loop must outlive any bug in one round
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.LoopError(_logger, ex);
                await Task.Delay(Options.Failover.RecoveryBackoff, _time, ct).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task UnderPushLockAsync(Func<CancellationToken, Task<bool>> action, CancellationToken ct)
    {
        await _pushLock.WaitAsync(ct);
        try
        {
            await action(ct);
        }
        finally
        {
            _pushLock.Release();
        }
    }

    /// <summary>One new batch: numbered, rendered, sent (behind the spool if anything waits there), spooled if no hub takes it.</summary>
    private async Task<bool> PushOnceAsync(CancellationToken ct)
    {
        var seq = Interlocked.Increment(ref _sequence);
        _sequenceFile!.Save(seq);
        // Strictly increasing: two batches made within one millisecond (or across a clock step back) stay two samples.
        _lastBatchMs = Math.Max(_time.GetUtcNow().ToUnixTimeMilliseconds(), _lastBatchMs + 1);
        var batch = new Batch(seq, Render(seq), _lastBatchMs);
        Volatile.Write(ref _lastBody, batch.Body);
        CopyToPushgateway(batch);
        try
        {
            // Order: whatever waits in the spool goes first; the new batch only joins it if the spool cannot be emptied.
            if (_spool!.Count > 0 && !await DrainAsync(ct))
            {
                Spool(batch);
                return false;
            }

            var status = await _sender.SendAsync(batch, fromSpool: false, ct);
            if (status == PushStatus.Failed)
            {
                Spool(batch);
                return false;
            }

            return status == PushStatus.Accepted;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped mid-push: the batch has its number, so it must not vanish and leave a gap. The next start sends it
            // first; a hub that took it before the stop stamps the same batch time again, so it stays one sample.
            Spool(batch);
            throw;
        }
    }

    private async Task<bool> DrainAsync(CancellationToken ct)
    {
        var delivered = 0;
        while (_spool!.TryPeekOldest(out var batch))
        {
            if (await _sender.SendAsync(batch, fromSpool: true, ct) == PushStatus.Failed)
            {
                break;
            }

            _spool.RemoveOldest(batch.Sequence);
            delivered++;
        }

        if (delivered > 0 && _spool.Count == 0)
        {
            Log.SpoolDrained(_logger, Stats.LastAcceptedHub ?? "?", delivered);
        }

        return _spool.Count == 0;
    }

    private void Spool(Batch batch)
    {
        SpoolAppendResult r;
        try
        {
            r = _spool!.Append(batch);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Disk full or unwritable: this batch is lost, and said so like an overflow.
            Log.LoopError(_logger, ex);
            r = new SpoolAppendResult(1, batch.Body.Length, batch.Sequence, batch.Sequence);
        }

        Log.Spooled(_logger, batch.Sequence, _spool!.Count, _spool.Bytes);
        if (r.DroppedBatches > 0)
        {
            Interlocked.Add(ref _counters.SpoolDropped, r.DroppedBatches);
            Log.SpoolOverflow(_logger, r.DroppedBatches, r.DroppedBytes, r.FirstDroppedSequence, r.LastDroppedSequence);
            Raise(SpoolOverflow, new SpoolOverflowEventArgs(r.DroppedBatches, r.DroppedBytes, r.FirstDroppedSequence, r.LastDroppedSequence, _time.GetUtcNow()));
        }
    }

    private byte[] Render(long sequence)
    {
        var families = _collector!.Collect();
        var seq = new MetricFamily("dualhub_push_sequence", MetricType.Gauge) { Help = "Sequence number of this push (+1 per new batch; a re-sent batch keeps its number)." };
        seq.Metrics.Add(new Metric { Value = sequence });
        families.Add(seq);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        TextWriter004.Write(buffer, families);
        return buffer.WrittenSpan.ToArray();
    }

    private void CopyToPushgateway(Batch batch)
    {
        if (_pushgatewayUrl is null || Interlocked.Exchange(ref _pushgatewayInFlight, 1) == 1)
        {
            return; // an extra copy: never retried, never spooled, never more than one in flight
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var r = await _transport.PushAsync(_pushgatewayUrl, batch.Body, batch.TimeMs, Options.Failover.LongestTimeout, CancellationToken.None);
                if (r.Status != PushStatus.Accepted)
                {
                    Interlocked.Increment(ref _counters.PushgatewayFailures);
                    Log.PushgatewayFailed(_logger, batch.Sequence, r.Error);
                }
            }
            finally
            {
                Volatile.Write(ref _pushgatewayInFlight, 0);
            }
        });
    }

    private void OnActiveChanged(ActiveHubChange change, long sequence)
    {
        string? Name(int i) => i < 0 ? null : Hubs[i].Name;
        Uri? Url(int i) => i < 0 ? null : Hubs[i].Url;
        var args = new HubChangedEventArgs(Name(change.From), Url(change.From), Name(change.To), Url(change.To), change.Reason, _time.GetUtcNow(), sequence, change.IsFailover);
        if (change.IsFailover)
        {
            Interlocked.Increment(ref _counters.Failovers);
            Log.FailedOver(_logger, args.FromHub ?? "none", args.FromUrl?.ToString(), args.ToHub ?? "none (spooling)", args.ToUrl?.ToString(), sequence, change.Reason);
            Raise(FailedOver, args);
        }
        else
        {
            Interlocked.Increment(ref _counters.Failbacks);
            Log.FailedBack(_logger, args.FromHub ?? "none", args.FromUrl?.ToString(), args.ToHub ?? "none", args.ToUrl?.ToString(), change.Reason);
            Raise(FailedBack, args);
        }

        _ = PublishChangeAsync(args);
    }

    private void OnAccepted(BatchAcceptedEventArgs e)
    {
        Interlocked.Exchange(ref _lastAcceptedSequence, Math.Max(Interlocked.Read(ref _lastAcceptedSequence), e.Sequence));
        if (!string.Equals(Volatile.Read(ref _lastAcceptedHub), e.Hub, StringComparison.Ordinal) && _lastAcceptedHub is not null)
        {
            Log.FirstAcceptedAfterSwitch(_logger, e.Sequence, e.Hub, e.Url.ToString(), Math.Round((e.At - e.FirstAttemptAt).TotalMilliseconds, 1), e.Attempts);
        }

        Volatile.Write(ref _lastAcceptedHub, e.Hub);
        Interlocked.Exchange(ref _lastAcceptedAtTicks, e.At.UtcTicks);
        Raise(BatchAccepted, e);
    }

    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        try
        {
            handler?.Invoke(this, args);
        }
#pragma warning disable CA1031 // a host's handler must never break delivery
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.LoopError(_logger, ex);
        }
    }

    private async Task PublishChangeAsync(HubChangedEventArgs args)
    {
        try
        {
            await _publisher.PublishHubChangedAsync(Options.Agent.Name, Options.Agent.Node, args, CancellationToken.None);
            await _publisher.PublishHealthAsync(GetHealth(), CancellationToken.None);
        }
#pragma warning disable CA1031 // publishing is best effort
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.PublishFailed(_logger, ex);
        }
    }

    private async Task PublishHealthAsync(CancellationToken ct)
    {
        try
        {
            await _publisher.PublishHealthAsync(GetHealth(), ct);
        }
#pragma warning disable CA1031 // publishing is best effort
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.PublishFailed(_logger, ex);
        }
    }

    private async Task<bool> WaitOrWakeAsync(TimeSpan wait, CancellationToken ct)
    {
        Task wake;
        lock (_wakeLock)
        {
            wake = _wake.Task;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(wait, _time, cts.Token);
        var first = await Task.WhenAny(delay, wake);
        if (first == wake)
        {
            await cts.CancelAsync();
            lock (_wakeLock)
            {
                _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return true;
        }

        await delay; // throws when ct was cancelled
        return false;
    }

    private void Wake()
    {
        lock (_wakeLock)
        {
            _wake.TrySetResult();
        }
    }
}
