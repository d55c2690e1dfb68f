using DualHub.Cli.Migration;
using DualHub.Client.Options;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Cli;

public sealed class MigrateRollbackTests
{
    // A Phase 1 config: CentralHub only, with comments and keys the migration must keep.
    private const string SingleHub = """
        # Phase 1: CentralHub only
        agent: { name: resource_manager, node: pc2 }
        hub_endpoints:
          primary: "http://mainpc:9000"   # central
          pushgateway: "http://pc2:9091"
        # kept as it is
        push_interval: 15
        resource_manager:
          collection_interval: 5

        """;

    private static readonly string[] Sections = ["resource_manager"];

    [Fact]
    public async Task Migrate_writes_both_hubs_keeps_the_rest_and_rollback_gives_back_the_original_bytes()
    {
        var dir = TempDir.Create();
        try
        {
            var file = await WriteAsync(dir, "resource_manager.yaml");
            var original = await File.ReadAllBytesAsync(file);

            var (code, text) = await MigrateAsync(file);
            Assert.True(code == 0, text);
            Assert.Equal(original, await File.ReadAllBytesAsync(file + ".backup"));
            var migrated = AgentConfigLoader.Load(file, Sections, _ => null);
            Assert.Equal(["primary", "fallback"], migrated.Hubs.Select(h => h.Name));
            Assert.Equal(new Uri("http://pc2:9100"), migrated.Hubs[0].Url);
            Assert.Equal(new Uri("http://mainpc:9000"), migrated.Hubs[1].Url);
            Assert.Equal(new Uri("http://pc2:9091"), migrated.Pushgateway);
            Assert.Equal(TimeSpan.FromSeconds(15), migrated.PushInterval);
            var migratedText = await File.ReadAllTextAsync(file);
            Assert.Contains("# kept as it is\n", migratedText, StringComparison.Ordinal);
            Assert.Contains("collection_interval: 5", migratedText, StringComparison.Ordinal);

            (code, text) = await DualHubProcess.RunAsync(["rollback", file], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, text);
            Assert.Equal(original, await File.ReadAllBytesAsync(file));
            Assert.Matches(@"1 of 1 restored in \d+(\.\d)? ms", text);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task A_second_migrate_is_refused_and_keeps_the_original_backup()
    {
        var dir = TempDir.Create();
        try
        {
            var file = await WriteAsync(dir, "resource_manager.yaml");
            var original = await File.ReadAllBytesAsync(file);
            var (code, text) = await MigrateAsync(file);
            Assert.True(code == 0, text);
            var migrated = await File.ReadAllBytesAsync(file);

            (code, text) = await MigrateAsync(file);

            Assert.Equal(2, code);
            Assert.Contains(file + ".backup already exists", text, StringComparison.Ordinal);
            Assert.Equal(original, await File.ReadAllBytesAsync(file + ".backup"));
            Assert.Equal(migrated, await File.ReadAllBytesAsync(file));

            // --force is the operator saying the backup may go: the migrated file becomes the new backup.
            (code, text) = await DualHubProcess.RunAsync(["migrate", "resource-manager", "--config", file, "--edge", "http://pc2:9101", "--central", "http://mainpc:9000", "--force"], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, text);
            Assert.Equal(migrated, await File.ReadAllBytesAsync(file + ".backup"));
            Assert.Equal(new Uri("http://pc2:9101"), AgentConfigLoader.Load(file, Sections, _ => null).Hubs[0].Url);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task Rollback_without_a_backup_names_the_file_and_emergency_goes_on_past_it()
    {
        var dir = TempDir.Create();
        try
        {
            var missing = await WriteAsync(dir, "unified_utils.yaml");
            var first = await WriteAsync(dir, "a.yaml");
            var second = await WriteAsync(dir, "b.yaml");
            var original = await File.ReadAllBytesAsync(first);
            foreach (var f in new[] { first, second })
            {
                var (c, t) = await MigrateAsync(f);
                Assert.True(c == 0, t);
            }

            // Without --emergency the first failure stops it: the files after it stay migrated.
            var (code, text) = await DualHubProcess.RunAsync(["rollback", missing, first], TimeSpan.FromSeconds(60));
            Assert.Equal(1, code);
            Assert.Contains($"{missing}: no backup {missing}.backup", text, StringComparison.Ordinal);
            Assert.NotEqual(original, await File.ReadAllBytesAsync(first));

            (code, text) = await DualHubProcess.RunAsync(["rollback", "--emergency", first, missing, second], TimeSpan.FromSeconds(60));
            Assert.Equal(1, code);
            Assert.Equal(original, await File.ReadAllBytesAsync(first));
            Assert.Equal(original, await File.ReadAllBytesAsync(second));
            Assert.Contains("2 of 3 restored", text, StringComparison.Ordinal);
            Assert.Contains("1 failed:", text, StringComparison.Ordinal);
            Assert.Contains($"  {missing}: no backup", text, StringComparison.Ordinal);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task Rollback_fails_when_the_restored_file_does_not_load()
    {
        var dir = TempDir.Create();
        try
        {
            var file = await WriteAsync(dir, "resource_manager.yaml");
            await File.WriteAllTextAsync(file + ".backup", "agent: [not, a, mapping]\n");

            var (code, text) = await DualHubProcess.RunAsync(["rollback", file], TimeSpan.FromSeconds(60));

            Assert.Equal(1, code);
            Assert.Contains($"{file}: restored, but it does not load", text, StringComparison.Ordinal);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Theory]
    [InlineData("hub_endpoints: [\"http://mainpc:9000\"]\n")]
    [InlineData("hub_endpoints:\n  - http://mainpc:9000\n# after\n")]
    [InlineData("hub_endpoints: { primary: \"http://mainpc:9000\" }\n")]
    public void Every_hub_endpoints_form_becomes_primary_edge_fallback_central(string hubs)
    {
        var yaml = "agent: { name: resource_manager, node: pc2 }\n" + hubs + "push_interval: 15\n";

        var migrated = AgentConfigMigrator.Migrate(yaml, "test", new Uri("http://pc2:9100"), new Uri("http://mainpc:9000"));

        var options = AgentConfigLoader.Parse(migrated, "migrated", Sections, _ => null);
        Assert.Equal([new Uri("http://pc2:9100"), new Uri("http://mainpc:9000")], options.Hubs.Select(h => h.Url));
        Assert.Null(options.Pushgateway);
        Assert.Equal(TimeSpan.FromSeconds(15), options.PushInterval);
        Assert.Equal(hubs.Contains("# after", StringComparison.Ordinal), migrated.Contains("# after", StringComparison.Ordinal));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Migrate_and_rollback_keep_a_private_config_private()
    {
        var dir = TempDir.Create();
        try
        {
            var file = await WriteAsync(dir, "resource_manager.yaml");
            const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            File.SetUnixFileMode(file, Private);

            var (code, text) = await MigrateAsync(file);
            Assert.True(code == 0, text);
            Assert.Equal(Private, File.GetUnixFileMode(file));
            Assert.Equal(Private, File.GetUnixFileMode(file + ".backup"));

            (code, text) = await DualHubProcess.RunAsync(["rollback", file], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, text);
            Assert.Equal(Private, File.GetUnixFileMode(file));
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    private static Task<(int ExitCode, string Output)> MigrateAsync(string file) =>
        DualHubProcess.RunAsync(["migrate", "resource-manager", "--config", file, "--edge", "http://pc2:9100", "--central", "http://mainpc:9000"], TimeSpan.FromSeconds(60));

    private static async Task<string> WriteAsync(string dir, string name)
    {
        var path = Path.Combine(dir, name);
        await File.WriteAllTextAsync(path, SingleHub);
        return path;
    }
}
