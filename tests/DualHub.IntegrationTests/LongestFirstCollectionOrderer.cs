using System.Reflection;
using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("DualHub.IntegrationTests.LongestFirstCollectionOrderer", "DualHub.IntegrationTests")]

// Three collections at a time on CI's 2 cores: most of the long tests wait on their processes (an outage, a partition),
// so a third slot shortens the parallel phase instead of starving it. The timing-bound ones run alone afterwards.
[assembly: CollectionBehavior(MaxParallelThreads = 3)]

namespace DualHub.IntegrationTests;

/// <summary>
/// Starts the collections of <see cref="LongRunningAttribute"/> classes first (longest-first keeps the parallel phase
/// as short as its longest test instead of that test's start time plus its length); the others keep xunit's order.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    private static readonly HashSet<string> LongCollections = [.. typeof(LongestFirstCollectionOrderer).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<LongRunningAttribute>() is not null)
        .Select(t => "Test collection for " + t.FullName)];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => LongCollections.Contains(c.DisplayName) ? 0 : 1).ThenBy(c => c.UniqueID);
}
