using System.Reflection;
using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("DualHub.IntegrationTests.LongestFirstCollectionOrderer", "DualHub.IntegrationTests")]

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
        testCollections.OrderBy(c => c.UniqueID).OrderBy(c => LongCollections.Contains(c.DisplayName) ? 0 : 1);
}
