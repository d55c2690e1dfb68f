namespace DualHub.Testing;

/// <summary>Polling with a deadline: the only way tests wait for something.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        Exception? last = null;
        while (true)
        {
            try
            {
                var value = await probe();
                if (value is not null && value is not false)
                {
                    return value;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                last = ex;
            }

            try
            {
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(20), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}" + (last is null ? string.Empty : $" (last error: {last.Message})"), last);
            }
        }
    }

    public static Task UntilAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        UntilAsync<object>(async () => await probe() ? new object() : null, timeout, what);

    public static Task UntilAsync(Func<bool> probe, TimeSpan timeout, string what) =>
        UntilAsync(() => Task.FromResult(probe()), timeout, what);
}
