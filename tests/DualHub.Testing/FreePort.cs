using System.Net;
using System.Net.Sockets;

namespace DualHub.Testing;

/// <summary>Free loopback TCP ports for processes started by tests.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A base port such that base + each offset is free (for layouts with fixed offsets, like <c>dualhub up --base-port</c>).</summary>
    public static int NextBlock(IReadOnlyList<int> offsets)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            // Below the ephemeral range (32768+), with room for negative offsets.
            var candidate = Random.Shared.Next(20000, 30000);
            if (offsets.All(o => IsFree(candidate + o)))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("no free block of ports found");
    }
}
