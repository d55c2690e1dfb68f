using System.Runtime.InteropServices;

namespace DualHub.Agents.Linux;

/// <summary>Disk capacity of the file system holding a path, from statvfs(3) (as df does).</summary>
internal static partial class StatVfs
{
    /// <summary>Total, free (for root) and available (for users) bytes; false when the path cannot be stat'ed.</summary>
    public static bool TryGet(string path, out ulong total, out ulong free, out ulong available)
    {
        total = free = available = 0;
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess || statvfs(path, out var s) != 0)
        {
            return false;
        }

        var unit = s.FragmentSize != 0 ? s.FragmentSize : s.BlockSize;
        total = s.Blocks * unit;
        free = s.FreeBlocks * unit;
        available = s.AvailableBlocks * unit;
        return true;
    }

    [LibraryImport("libc", EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statvfs(string path, out Buffer buffer);

    /// <summary>glibc x86-64/arm64 <c>struct statvfs</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Buffer
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong FreeBlocks;
        public ulong AvailableBlocks;
        public ulong Files;
        public ulong FreeFiles;
        public ulong AvailableFiles;
        public ulong FileSystemId;
        public ulong Flags;
        public ulong NameMax;
        public int Spare0;
        public int Spare1;
        public int Spare2;
        public int Spare3;
        public int Spare4;
        public int Spare5;
    }
}
