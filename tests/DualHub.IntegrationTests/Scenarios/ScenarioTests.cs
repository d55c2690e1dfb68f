using DualHub.Testing;
using Xunit.Abstractions;

namespace DualHub.IntegrationTests.Scenarios;

/// <summary>
/// The shared client scenarios (tests/scenarios/*.yaml) against the C# SDK: the pilot resource-manager agent as its own
/// process (<c>dualhub agent resource-manager</c>), real edge hubs, the real Pushgateway. The Python client runs the same
/// files (clients/python/tests/test_scenarios.py).
/// </summary>
public sealed class ScenarioTests(ITestOutputHelper output)
{
    public static TheoryData<string> Files() => [.. ScenarioFile.Names()];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Scenario_against_the_csharp_client(string name)
    {
        await using var runner = new ScenarioRunner(
            ScenarioFile.Load(name),
            (config, dir) => DualHubProcess.Start(["agent", "resource-manager", "--config", config], dir),
            // Its own alerts (CPU at 100 % on a busy CI machine) would make /health degraded: no threshold can be crossed.
            "resource_manager: { alert_thresholds: { cpu: 100, memory: 100, disk: 100 } }\n",
            output.WriteLine);
        await runner.RunAsync();
    }
}
