using DualHub.Core.IO;

namespace DualHub.Core.Tests.IO;

public sealed class DirectorySyncTests
{
    [Fact]
    public void A_directory_is_flushed_and_a_file_or_missing_path_is_refused()
    {
        var dir = Path.Combine(Path.GetTempPath(), "dualhub-dirsync-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "x.batch");
            File.WriteAllText(file, "x");
            Assert.True(DirectorySync.Flush(dir));
            Assert.False(DirectorySync.Flush(file)); // O_DIRECTORY: a file is not a directory
            Assert.False(DirectorySync.Flush(Path.Combine(dir, "missing")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
