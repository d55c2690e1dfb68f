using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SharpFuzz.Common;

namespace DualHub.Fuzz;

/// <summary>
/// SharpFuzz's coverage map, read in process on the instrumented build (afl-showmap cannot drive SharpFuzz's persistent
/// loop): the (edge, hit-count bucket) tuples one input reaches, as AFL++ counts them.
/// </summary>
internal sealed unsafe class CoverageMap
{
    private const int Size = 1 << 16;

    // Pinned for the life of the process: the instrumented code writes to it through a raw pointer.
    private readonly byte[] _map = GC.AllocateArray<byte>(Size, pinned: true);

    public CoverageMap() => Trace.SharedMem = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_map));

    /// <summary>The tuples <paramref name="input"/> reaches, each <c>edge &lt;&lt; 4 | bucket</c>; a crash escapes.</summary>
    public List<int> Run(FuzzCheck check, byte[] input)
    {
        Array.Clear(_map);
        Trace.PrevLocation = 0;
        _ = check(input);
        var tuples = new List<int>();
        for (var i = 0; i < Size; i++)
        {
            if (_map[i] != 0)
            {
                tuples.Add((i << 4) | Bucket(_map[i]));
            }
        }

        return tuples;
    }

    /// <summary>The edge of a tuple, without its hit-count bucket.</summary>
    public static int Edge(int tuple) => tuple >> 4;

    /// <summary>AFL's hit-count classes: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+.</summary>
    private static int Bucket(byte hits) => hits switch
    {
        1 => 0,
        2 => 1,
        3 => 2,
        < 8 => 3,
        < 16 => 4,
        < 32 => 5,
        < 128 => 6,
        _ => 7,
    };
}
