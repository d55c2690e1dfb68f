namespace DualHub.Hub.Scrape;

/// <summary>The Prometheus staleness marker: a NaN with these exact bits (not .NET's <see cref="double.NaN"/>).</summary>
public static class StaleMarker
{
    public const long Bits = 0x7ff0000000000002;

    public static readonly double Value = BitConverter.Int64BitsToDouble(Bits);

    public static bool Is(double value) => BitConverter.DoubleToInt64Bits(value) == Bits;
}
