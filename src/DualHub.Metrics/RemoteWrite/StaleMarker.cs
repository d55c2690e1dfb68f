namespace DualHub.Metrics.RemoteWrite;

/// <summary>Prometheus' staleness marker: a NaN with bits <c>0x7ff0000000000002</c>, distinct from <see cref="double.NaN"/>.</summary>
public static class StaleMarker
{
    /// <summary>The marker's bits.</summary>
    public const ulong Bits = 0x7ff0000000000002UL;

    /// <summary>The marker as a double.</summary>
    public static double Value => BitConverter.UInt64BitsToDouble(Bits);

    /// <summary>True only for the exact marker bits (an ordinary NaN is not stale).</summary>
    public static bool Is(double value) => BitConverter.DoubleToUInt64Bits(value) == Bits;
}
