using DualHub.Agents.UnifiedUtils;
using DualHub.Client.Options;
using DualHub.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Agents.Tests.UnifiedUtils;

public sealed class UnifiedUtilsAgentTests : IDisposable
{
    private readonly string _dir = TempDir.Create();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly UnifiedUtilsAgent _agent;

    public UnifiedUtilsAgentTests()
    {
        _agent = new UnifiedUtilsAgent(_time);
        File.WriteAllBytes(Path.Combine(_dir, "old.log.gz"), new byte[300]);
        File.WriteAllBytes(Path.Combine(_dir, "old.txt"), new byte[200]);
        File.WriteAllBytes(Path.Combine(_dir, "new.log.gz"), new byte[100]);
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "old.log.gz"), new DateTime(2029, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "old.txt"), new DateTime(2029, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "new.log.gz"), new DateTime(2029, 12, 31, 23, 0, 0, DateTimeKind.Utc));
    }

    public void Dispose()
    {
        _agent.Dispose();
        TempDir.Delete(_dir);
    }

    private void Configure(bool execute)
    {
        var yaml = $"agent: {{ name: uu }}\nhub_endpoints: {{ primary: http://127.0.0.1:1 }}\nunified_utils:\n  disk_paths: [{_dir}]\n  execute_cleanup: {(execute ? "true" : "false")}\n  cleanup_targets:\n    - {{ category: log, path: {_dir}, older_than: 24h, pattern: \"*.gz\" }}\n";
        var o = AgentConfigLoader.Parse(yaml, "uu.yaml", ["unified_utils"], _ => null).Validate();
        _agent.Configure(o.Config!.GetSection("unified_utils"), o);
    }

    [Fact]
    public void A_dry_run_counts_what_a_cleanup_would_free_and_removes_nothing()
    {
        Configure(execute: false);

        var r = _agent.Scan();

        Assert.Equal([(_dir, 600L, 3L)], r.PathUsage);
        var c = Assert.Single(r.Candidates);
        Assert.Equal((1L, 300L), (c.Files, c.Bytes));
        Assert.True(File.Exists(Path.Combine(_dir, "old.log.gz")));
        Assert.True((bool)_agent.HealthDetails()!["dry_run"]!);
    }

    [Fact]
    public void With_execute_cleanup_only_matching_old_files_are_removed()
    {
        Configure(execute: true);

        _agent.Scan();

        Assert.False(File.Exists(Path.Combine(_dir, "old.log.gz")));
        Assert.True(File.Exists(Path.Combine(_dir, "old.txt")));
        Assert.True(File.Exists(Path.Combine(_dir, "new.log.gz")));
    }

    [Fact]
    public void Symlinked_directories_are_not_followed()
    {
        var outside = TempDir.Create();
        try
        {
            File.WriteAllBytes(Path.Combine(outside, "victim.gz"), new byte[10]);
            File.SetLastWriteTimeUtc(Path.Combine(outside, "victim.gz"), new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            Directory.CreateSymbolicLink(Path.Combine(_dir, "link"), outside);
            Configure(execute: true);

            _agent.Scan();

            Assert.True(File.Exists(Path.Combine(outside, "victim.gz")));
        }
        finally
        {
            TempDir.Delete(outside);
        }
    }

    [Theory]
    [InlineData("    - { category: junk, path: /tmp }\n", "unified_utils.cleanup_targets[0].category")]
    [InlineData("    - { category: temp, path: / }\n", "unified_utils.cleanup_targets[0].path")]
    [InlineData("    - { category: temp, path: relative/dir }\n", "unified_utils.cleanup_targets[0].path")]
    public void Dangerous_or_unknown_cleanup_targets_are_refused(string target, string key)
    {
        var yaml = $"agent: {{ name: uu }}\nhub_endpoints: {{ primary: http://127.0.0.1:1 }}\nunified_utils:\n  cleanup_targets:\n{target}";
        var o = AgentConfigLoader.Parse(yaml, "uu.yaml", ["unified_utils"], _ => null).Validate();

        var ex = Assert.Throws<AgentConfigException>(() => _agent.Configure(o.Config!.GetSection("unified_utils"), o));

        Assert.Equal(key, ex.Key);
    }
}
