using System.Runtime.InteropServices;

namespace DualHub.Hub.SampleJournal;

/// <summary>
/// glibc malloc tuning for the journal's native side. SQLite copies each bound record (megabytes) into a malloc'd
/// buffer; glibc's dynamic mmap threshold then rises to that size, so later copies come from per-thread arenas that
/// keep the freed memory resident (measured: 20+ MB of arenas in an edge hub). A fixed threshold returns such blocks to
/// the OS on free; two arenas are plenty for a hub, whose threads rarely malloc.
/// </summary>
internal static partial class NativeHeap
{
    private const int MmapThreshold = -3;
    private const int ArenaMax = -8;
    private static int s_done;

    public static void ReturnLargeBlocks()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref s_done, 1) == 1)
        {
            return;
        }

        try
        {
            _ = MallOpt(MmapThreshold, 256 * 1024);
            _ = MallOpt(ArenaMax, 2);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc: nothing to tune.
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int param, int value);
}
