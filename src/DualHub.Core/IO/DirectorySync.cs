using System.Runtime.InteropServices;

namespace DualHub.Core.IO;

/// <summary>
/// fsync(2) of a directory: a rename is durable only once the directory entry is on disk, so a file fsync'd and
/// renamed into place (the agent's spooled batches, the CLI's migrated configs) would otherwise survive kill -9 but
/// could vanish on power loss. .NET cannot open a directory as a file.
/// </summary>
public static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux
    private const int CloseOnExec = 0x80000;

    /// <summary>Flushes <paramref name="path"/>'s entries to disk; false when the platform or file system refuses.</summary>
    public static bool Flush(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var fd = Open(path, ReadOnly | Directory | CloseOnExec);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            return Fsync(fd) == 0;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
