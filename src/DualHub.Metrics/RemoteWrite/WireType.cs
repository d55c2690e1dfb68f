namespace DualHub.Metrics.RemoteWrite;

/// <summary>The protobuf wire types (the low three bits of a field's tag).</summary>
public enum WireType
{
    /// <summary>A base-128 varint (int64, uint64, bool, enum).</summary>
    Varint = 0,

    /// <summary>Eight little-endian bytes (double, fixed64).</summary>
    Fixed64 = 1,

    /// <summary>A varint length, then that many bytes (string, bytes, embedded message).</summary>
    LengthDelimited = 2,

    /// <summary>Four little-endian bytes (float, fixed32).</summary>
    Fixed32 = 5,
}
