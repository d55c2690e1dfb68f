namespace DualHub.Cli.Targets;

/// <summary>A <c>dualhub check</c> argument that names no usable target; the message names the option and the value.</summary>
internal sealed class CheckTargetException(string message) : Exception(message);
