namespace DualHub.Client.Options;

/// <summary>The on-disk spool for batches no hub accepted (YAML <c>spool</c>).</summary>
public sealed class SpoolOptions
{
    /// <summary>Directory of the spool. Default <c>&lt;local app data&gt;/dualhub/spool/&lt;agent&gt;-&lt;node&gt;</c>.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>Most batches kept; the oldest is dropped (and counted) beyond it. Default 10000.</summary>
    public int MaxBatches { get; set; } = 10_000;

    /// <summary>Most bytes kept; the oldest batches are dropped (and counted) beyond it. Default 256 MiB.</summary>
    public long MaxBytes { get; set; } = 256L << 20;
}
