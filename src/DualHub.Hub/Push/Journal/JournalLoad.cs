namespace DualHub.Hub.Push.Journal;

/// <summary>What start-up loaded: snapshot groups, replayed ops, and the groups those ops touched (or a wipe).</summary>
public sealed record JournalLoad(int Groups, int Ops, IReadOnlySet<string> TouchedGroups, bool Wiped);
