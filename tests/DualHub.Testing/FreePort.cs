using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DualHub.Testing;

/// <summary>
/// Free loopback TCP ports for processes started by tests. A port is handed out once per test process: tests run in
/// parallel, and a port is only free until the process it was meant for binds it, so without this two tests could be
/// given the same port (or overlapping blocks) in that window.
/// </summary>
public static class FreePort
{
    private static readonly ConcurrentDictionary<int, byte> Issued = new();

    /// <summary>
    /// A free port below the kernel's ephemeral range (32768+): a test often lets its port go and binds it again (a
    /// restart, an outage), and meanwhile an outgoing connection could be given an ephemeral port as its local port.
    /// </summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Random.Shared.Next(10000, 20000);
            if (!Issued.ContainsKey(port) && IsFree(port) && Issued.TryAdd(port, 0))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no free port found that was not handed out before");
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
        ArgumentNullException.ThrowIfNull(offsets);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            // Below the ephemeral range (32768+), with room for negative offsets.
            var candidate = Random.Shared.Next(20000, 30000);
            if (!offsets.All(o => !Issued.ContainsKey(candidate + o) && IsFree(candidate + o)))
            {
                continue;
            }

            var taken = new List<int>();
            foreach (var o in offsets)
            {
                if (Issued.TryAdd(candidate + o, 0))
                {
                    taken.Add(candidate + o);
                }
            }

            if (taken.Count == offsets.Distinct().Count())
            {
                return candidate;
            }

            foreach (var p in taken)
            {
                Issued.TryRemove(p, out _); // another test took part of this block meanwhile: try another
            }
        }

        throw new InvalidOperationException("no free block of ports found");
    }
}
