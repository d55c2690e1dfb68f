namespace DualHub.Nats.Checks;

/// <summary>Stream contents before and after a server restart.</summary>
public sealed record NatsPersistenceResult(int Published, int PresentAfterRestart, int Missing, TimeSpan Restart)
{
    public bool Passed => Missing == 0 && PresentAfterRestart == Published;

    public override string ToString() => FormattableString.Invariant(
        $"published {Published}, present after restart {PresentAfterRestart}, missing {Missing}, restart took {Restart.TotalSeconds:0.0} s");
}
