using DualHub.Hub.Regexp;

namespace DualHub.Hub.Relabel;

/// <summary>
/// One relabel config, validated and precompiled when the configuration is read (defaults as Prometheus: no source
/// labels, separator ";", regex "(.*)" fully anchored, replacement "$1", action replace).
/// </summary>
public sealed record RelabelRule
{
    public IReadOnlyList<string> SourceLabels { get; internal init; } = [];

    public string Separator { get; internal init; } = ";";

    public GoRegexp Regex { get; internal init; } = GoRegexp.Default;

    public ulong Modulus { get; internal init; }

    public string TargetLabel { get; internal init; } = string.Empty;

    public string Replacement { get; internal init; } = "$1";

    public RelabelAction Action { get; internal init; } = RelabelAction.Replace;

    /// <summary>Whether <see cref="TargetLabel"/> or <see cref="Replacement"/> holds a <c>$</c> (else no expansion is needed).</summary>
    internal bool Templated => TargetLabel.Contains('$', StringComparison.Ordinal) || Replacement.Contains('$', StringComparison.Ordinal);
}
