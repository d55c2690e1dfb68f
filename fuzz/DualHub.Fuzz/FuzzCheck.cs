namespace DualHub.Fuzz;

/// <summary>
/// Runs one input through a parser. Returns the outcome when the parser accepted it or refused it with its documented
/// error; any other exception escapes, which the fuzzer reports as a crash.
/// </summary>
public delegate FuzzOutcome FuzzCheck(ReadOnlySpan<byte> input);
