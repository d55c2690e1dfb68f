using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualHub.Core.Processes;

public static class ChildProcessFactory
{
    /// <summary>A child process for <paramref name="spec"/>, not yet started; restart delays run on <paramref name="time"/>.</summary>
    public static IChildProcess Create(ChildProcessSpec spec, TimeProvider time, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(time);
        return new ChildProcess(spec, time, logger ?? NullLogger.Instance);
    }
}
