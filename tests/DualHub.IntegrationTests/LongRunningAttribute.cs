namespace DualHub.IntegrationTests;

/// <summary>
/// Marks a test class that runs for minutes in the parallel phase: <see cref="LongestFirstCollectionOrderer"/> starts
/// its collection first, so it overlaps the many short ones instead of running on alone at the end.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LongRunningAttribute : Attribute;
