namespace DualHub.Nats.Checks;

/// <summary>
/// The plan's node test on the leaf topology: the edge's server stopped, the hub keeps accepting; the edge restarted,
/// what it took before and after reaches the hub's stream, nothing lost, nothing twice.
/// </summary>
public sealed record NatsNodeTestResult(
    int AcceptedByHubWhileEdgeDown,
    int HubPublishesFailedWhileEdgeDown,
    int AcceptedByEdge,
    int ReachedHub,
    int Lost,
    int Duplicates,
    TimeSpan CatchUp)
{
    public bool Passed => HubPublishesFailedWhileEdgeDown == 0 && Lost == 0 && Duplicates == 0 && ReachedHub == AcceptedByEdge;

    public override string ToString() => FormattableString.Invariant(
        $"edge down: hub accepted {AcceptedByHubWhileEdgeDown}, failed {HubPublishesFailedWhileEdgeDown}; edge accepted {AcceptedByEdge}, reached hub {ReachedHub}, lost {Lost}, duplicates {Duplicates}, caught up in {CatchUp.TotalSeconds:0.0} s");
}
