using System.Globalization;
using DualHub.Core.Processes;

namespace DualHub.Core.Tests;

/// <summary>
/// <c>dotnet DualHub.Core.Tests.dll spawn-child</c>: starts <c>sleep</c> as a child process (killed with its parent),
/// prints its pid and waits to be killed. The test runner never calls it.
/// </summary>
internal static class Program
{
    public const string SpawnChild = "spawn-child";

    public static async Task<int> Main(string[] args)
    {
        if (args is not [SpawnChild])
        {
            return 2;
        }

        var child = ChildProcessFactory.Create(new ChildProcessSpec("sleeper", "sleep", ["300"]), TimeProvider.System);
        await child.StartAsync();
        Console.WriteLine("child " + child.ProcessId!.Value.ToString(CultureInfo.InvariantCulture));
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
