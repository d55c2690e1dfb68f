using System.Globalization;
using System.Net;
using System.Text;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Edge;

/// <summary>
/// A real HTTP scrape target: <c>edge_test_counter{series="i"}</c> for i in [0, series) whose value is the number of
/// the scrape (1, 2, 3, ...), so gaps, duplicates and reordering are visible at any upstream.
/// </summary>
internal sealed class CountingTarget : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly int _series;
    private readonly Task _loop;
    private int _served;

    public CountingTarget(int series)
    {
        _series = series;
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public int Served => Volatile.Read(ref _served);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var n = Interlocked.Increment(ref _served);
            var sb = new StringBuilder("# TYPE edge_test_counter counter\n");
            for (var i = 0; i < _series; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"edge_test_counter{{series=\"{i}\"}} {n}\n");
            }

            var body = Encoding.UTF8.GetBytes(sb.ToString());
            try
            {
                ctx.Response.ContentType = "text/plain; version=0.0.4";
                ctx.Response.ContentLength64 = body.Length;
                await ctx.Response.OutputStream.WriteAsync(body);
                ctx.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The scraper went away mid-body (a test SIGKILLs it): serve the next scrape. Before, this ended the
                // loop and every later scrape timed out.
                ctx.Response.Abort();
            }
        }
    }
}
