namespace DualHub.Cli.Supervision;

internal enum ChildState
{
    Stopped,
    Starting,
    Running,
    Restarting,
    Paused,
    Failed,
}
