using System.Diagnostics;
using System.Globalization;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Hub;

/// <summary>A size-limited tmpfs mounted for one test (needs root), unmounted and removed on dispose.</summary>
internal sealed class SmallTmpfs : IDisposable
{
    private static readonly Lazy<string?> Probe = new(ProbeUnavailable);

    private SmallTmpfs(string path) => Path = path;

    /// <summary>Why no tmpfs can be mounted here, or null.</summary>
    public static string? UnavailableReason => Probe.Value;

    public string Path { get; }

    public static SmallTmpfs Mount(int megabytes)
    {
        var dir = TempDir.Create();
        var (code, output) = Sh($"mount -t tmpfs -o size={megabytes.ToString(CultureInfo.InvariantCulture)}m tmpfs '{dir}'");
        return code == 0 ? new SmallTmpfs(dir) : throw new InvalidOperationException($"mount failed ({code}): {output}");
    }

    /// <summary>Writes a file until the file system is full; returns its path.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        var block = new byte[64 * 1024];
        using var f = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        try
        {
            while (true)
            {
                f.Write(block);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }

        return filler;
    }

    public void Dispose()
    {
        Sh($"umount -l '{Path}'");
        TempDir.Delete(Path);
    }

    private static string? ProbeUnavailable()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return $"mounting a tmpfs needs root on Linux (running as {Environment.UserName})";
        }

        try
        {
            using var probe = Mount(1);
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    private static (int Code, string Output) Sh(string command)
    {
        var psi = new ProcessStartInfo("/bin/sh", ["-c", command + " 2>&1"]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}

/// <summary>A fact that is skipped, with the reason, where a tmpfs cannot be mounted.</summary>
internal sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute() =>
        Skip = SmallTmpfs.UnavailableReason is { } reason ? "disk-full test skipped: " + reason : null;
}
