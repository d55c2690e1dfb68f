using DualHub.Testing;

namespace DualHub.IntegrationTests.Store;

/// <summary>A test's temp folder and the processes it started: stopped newest first, then the folder deleted.</summary>
public abstract class ProcessScope : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _started = [];

    protected string Dir { get; } = TempDir.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }

        TempDir.Delete(Dir);
    }

    protected T Keep<T>(T process)
        where T : IAsyncDisposable
    {
        _started.Add(process);
        return process;
    }
}
