using System.Security.Cryptography;

namespace DualHub.Core.IO;

/// <summary>
/// Replaces a file all at once: write a temporary file beside it, fsync it, rename it over the target, fsync the
/// directory. A crash or power loss leaves either the old or the new file, never half of one. The target's permissions
/// are kept, or those of <c>modeFrom</c> when given (a backup is as private as its original).
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content, string? modeFrom = null)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Convert.ToHexString(RandomNumberGenerator.GetBytes(6))}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            var modeSource = modeFrom ?? full;
            if (!OperatingSystem.IsWindows() && File.Exists(modeSource))
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(modeSource));
            }

            File.Move(temp, full, overwrite: true);

            // The rename is on disk only once the directory is: without this, power loss could bring back the old file.
            DirectorySync.Flush(Path.GetDirectoryName(full)!);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
