namespace DualHub.Hub.Push.Store;

/// <summary>Kinds of journaled store operations (the byte values are on disk: never renumber).</summary>
public enum OpKind : byte
{
    Put = 1,
    Post = 2,
    Delete = 3,

    /// <summary>A push rejected by the store: sets the failure time, creating the group if missing.</summary>
    Failure = 4,
    Wipe = 5,

    /// <summary>Deletes the group if its expiry is not after the op time (a newer push may have extended it).</summary>
    Expire = 6,
}
