namespace DualHub.Core.Processes;

public enum ReadinessOutcome
{
    /// <summary>The probe answered ready.</summary>
    Ready,

    /// <summary>The deadline passed first.</summary>
    TimedOut,

    /// <summary>The process was never started, or exited and will not be restarted.</summary>
    NotRunning,
}
