using System.Collections.Concurrent;
using System.Net;
using DualHub.Testing;

namespace DualHub.Client.Tests.Hosting;

/// <summary>A hub on loopback that answers every request with 200 and records each push (path and body).</summary>
internal sealed class FakeHttpHub : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public FakeHttpHub()
    {
        Url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public ConcurrentQueue<(string Path, string Body)> Pushes { get; } = new();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _loop;
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var body = await reader.ReadToEndAsync();
                if (context.Request.HttpMethod == "PUT")
                {
                    Pushes.Enqueue((context.Request.Url!.AbsolutePath, body));
                }
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
