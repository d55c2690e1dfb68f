using System.IO.Enumeration;

namespace DualHub.Agents.UnifiedUtils;

/// <summary>
/// Walks a directory tree without following symlinks and skipping what cannot be read; at most <c>maxFiles</c>
/// entries per walk so a huge tree cannot stall the agent.
/// </summary>
internal static class FileScanner
{
    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Regular files under <paramref name="root"/>: full path, size, last write time.</summary>
    public static IEnumerable<(string Path, long Length, DateTimeOffset LastWrite)> Files(string root, string pattern, int maxFiles, Action onTruncated)
    {
        if (!Directory.Exists(root))
        {
            yield break;
        }

        var entries = new FileSystemEnumerable<(string, long, DateTimeOffset)>(
            root,
            (ref FileSystemEntry e) => (e.ToFullPath(), e.Length, e.LastWriteTimeUtc),
            Options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory && (pattern == "*" || FileSystemName.MatchesSimpleExpression(pattern, e.FileName)),
        };
        var n = 0;
        foreach (var entry in entries)
        {
            if (++n > maxFiles)
            {
                onTruncated();
                yield break;
            }

            yield return entry;
        }
    }
}
