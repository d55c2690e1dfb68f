using DualHub.Agents.Linux;

namespace DualHub.Agents.Tests.Linux;

public sealed class ProcParsersTests
{
    [Fact]
    public void Proc_stat_busy_excludes_idle_and_iowait_and_ignores_guest_fields()
    {
        Assert.True(ProcStat.TryParse("cpu  100 10 50 800 40 0 0 0 7 7", out var busy, out var total));

        Assert.Equal(160UL, busy);
        Assert.Equal(1000UL, total);
        Assert.False(ProcStat.TryParse("cpu0 1 2 3", out _, out _));
        Assert.False(ProcStat.TryParse("cpu  x y", out _, out _));
    }

    [Fact]
    public void Meminfo_gives_total_and_available_in_bytes()
    {
        Assert.True(MemInfo.TryParse(["MemTotal:       1000 kB", "MemFree:   100 kB", "MemAvailable:    250 kB"], out var total, out var available));

        Assert.Equal((1_024_000UL, 256_000UL), (total, available));
    }

    [Fact]
    public void Meminfo_without_MemAvailable_falls_back_to_free_buffers_and_cached()
    {
        Assert.True(MemInfo.TryParse(["MemTotal: 1000 kB", "MemFree: 100 kB", "Buffers: 10 kB", "Cached: 40 kB"], out _, out var available));

        Assert.Equal(150UL * 1024, available);
    }

    [Fact]
    public void Net_dev_gives_received_and_transmitted_bytes_per_interface()
    {
        var rows = NetDev.Parse([
            "Inter-|   Receive                                                |  Transmit",
            " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed",
            "    lo: 1306310640   86155    0    0    0     0          0         0 1306310641   86155    0    0    0     0       0          0",
            "  eth0:       5       0    0    0    0     0          0         0        7       0    0    0    0     0       0          0",
        ]);

        Assert.Equal([("lo", 1306310640UL, 1306310641UL), ("eth0", 5UL, 7UL)], rows);
    }

    [Fact]
    public void Statvfs_reads_the_real_root_file_system()
    {
        Assert.True(StatVfs.TryGet("/", out var total, out var free, out var available));

        Assert.True(total > 0 && free <= total && available <= free);
        Assert.False(StatVfs.TryGet("/no/such/path", out _, out _, out _));
    }
}
