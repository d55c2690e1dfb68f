namespace DualHub.Cli.Render;

/// <summary>One file of a rendered deployment: <c>DIR/Machine/Name</c>, both checked safe names; <c>Private</c>: readable by the owner only (it holds a password).</summary>
internal sealed record RenderedFile(string Machine, string Name, string Content, bool Private = false);
