using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Benchmarks.Receive;

/// <summary>
/// The sender of <c>bench/central-receive-compare.sh</c>: pre-encodes every remote-write request (snappy protobuf, SERIES
/// series in chunks of BATCH, one sample per series per round), prints <c>ready</c>, waits for a line on stdin, then
/// sends them with CONCURRENCY senders. Each sender owns a fixed set of chunks and sends its chunks round by round, so
/// every series arrives in timestamp order (a Prometheus receiver rejects an out-of-order request). Prints one JSON line.
/// <c>DualHub.Benchmarks.dll rw-send URL SERIES FIRST_ROUND ROUNDS BATCH CONCURRENCY START_MS STEP_MS</c>
/// </summary>
internal static class RemoteWriteLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = new Uri(args[0]);
        var series = Int(args, 1, 100_000);
        var firstRound = Int(args, 2, 0);
        var rounds = Int(args, 3, 10);
        var batch = Int(args, 4, 2000);
        var concurrency = Int(args, 5, 4);
        var startMs = long.Parse(args[6], CultureInfo.InvariantCulture);
        var stepMs = Int(args, 7, 15_000);

        var chunks = (series + batch - 1) / batch;
        var labels = Enumerable.Range(0, series).Select(i => new Label[]
        {
            new("__name__", "bench_rw"),
            new("group", "g" + (i % 100).ToString(CultureInfo.InvariantCulture)),
            new("id", i.ToString(CultureInfo.InvariantCulture)),
            new("instance", "10.0." + (i / 1000).ToString(CultureInfo.InvariantCulture) + ".1:9100"),
            new("job", "bench"),
        }).ToArray();

        // requests[chunk][round - firstRound]
        var requests = new byte[chunks][][];
        var encoded = new ArrayBufferWriter<byte>(1 << 20);
        for (var c = 0; c < chunks; c++)
        {
            requests[c] = new byte[rounds][];
            for (var r = 0; r < rounds; r++)
            {
                var round = firstRound + r;
                var request = new WriteRequest();
                for (var i = c * batch; i < Math.Min(series, (c + 1) * batch); i++)
                {
                    request.Series.Add(new TimeSeries { Labels = labels[i], Samples = [new Sample(round + (i % 7), startMs + (round * (long)stepMs))] });
                }

                encoded.ResetWrittenCount();
                RemoteWriteCodec.EncodeCompressed(request, encoded);
                requests[c][r] = encoded.WrittenSpan.ToArray();
            }
        }

        Console.WriteLine("ready");
        Console.Out.Flush();
        _ = Console.ReadLine();

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(2) };
        long samples = 0, failed = 0, requestsSent = 0;
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var self = Process.GetCurrentProcess();
        var cpu0 = self.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(s => Task.Run(async () =>
        {
            for (var r = 0; r < rounds; r++)
            {
                for (var c = s; c < chunks; c += concurrency)
                {
                    using var content = new ByteArrayContent(requests[c][r]);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                    content.Headers.ContentEncoding.Add("snappy");
                    using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                    message.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
                    using var response = await http.SendAsync(message);
                    var code = (int)response.StatusCode;
                    statuses.AddOrUpdate(code, 1, (_, n) => n + 1);
                    Interlocked.Increment(ref requestsSent);
                    if (code is >= 200 and < 300)
                    {
                        Interlocked.Add(ref samples, Math.Min(series, (c + 1) * batch) - (c * batch));
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            }
        })));
        wall.Stop();
        self.Refresh();
        var cpu = (self.TotalProcessorTime - cpu0).TotalSeconds;
        var codes = string.Join(",", statuses.OrderBy(k => k.Key).Select(k => $"\"{k.Key}\":{k.Value}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"requests\":{requestsSent},\"samples\":{samples},\"failed\":{failed},\"seconds\":{wall.Elapsed.TotalSeconds:0.000},\"sender_cpu_seconds\":{cpu:0.00},\"status\":{{{codes}}}}}"));
        return failed == 0 ? 0 : 1;
    }

    private static int Int(string[] args, int i, int fallback) =>
        args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
}
