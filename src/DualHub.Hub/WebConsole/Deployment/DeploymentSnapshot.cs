namespace DualHub.Hub.WebConsole.Deployment;

/// <summary>Every part of the deployment as probed at <see cref="At"/>.</summary>
internal sealed record DeploymentSnapshot(DateTimeOffset At, IReadOnlyList<PartProbe> Parts)
{
    public IEnumerable<PartProbe> OfKind(string kind) => Parts.Where(p => p.Part.Kind == kind);
}
