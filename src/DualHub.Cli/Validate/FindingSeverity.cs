namespace DualHub.Cli.Validate;

/// <summary>How bad a finding is: an error stops the component (exit 1), a warning is a trap (exit 0 unless --strict).</summary>
internal enum FindingSeverity
{
    Note,
    Warning,
    Error,
}
