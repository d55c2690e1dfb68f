namespace DualHub.Cli.Render;

/// <summary>One file of a rendered deployment: <c>DIR/Machine/Name</c>, both checked safe names.</summary>
internal sealed record RenderedFile(string Machine, string Name, string Content);
