using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace DualHub.IntegrationTests.Hub;

/// <summary>One HTTP/1.1 request written byte for byte (HttpClient would normalize the path a fuzzed input holds).</summary>
internal static class RawHttp
{
    /// <summary>Sends the request on a new loopback connection and returns the status code of the answer.</summary>
    public static async Task<int> SendAsync(int port, string method, ReadOnlyMemory<byte> target, string? contentType, ReadOnlyMemory<byte> body)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {body.Length}\r\n");
        if (contentType is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n");
        }

        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(method + " "), timeout.Token);
            await stream.WriteAsync(target, timeout.Token);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), timeout.Token);
            await stream.WriteAsync(body, timeout.Token);
        }
        catch (IOException)
        {
            // A server may answer a bad request line or header (400, 431) before reading the body and close: the
            // answer is already in the receive buffer, and it is what the caller asks for.
        }

        using var reader = new StreamReader(stream, Encoding.Latin1);
        var status = await reader.ReadLineAsync(timeout.Token) ?? throw new IOException("connection closed without an answer");
        var parts = status.Split(' ');
        return parts.Length >= 2 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var code)
            ? code
            : throw new IOException($"not an HTTP status line: {status}");
    }
}
