namespace DualHub.Testing;

/// <summary>The repository's root folder (the one holding DualHub.sln), for tests that read deploy/ or docs/.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(d.FullName, "DualHub.sln")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException("DualHub.sln not found above " + AppContext.BaseDirectory);
    }
}
