namespace DualHub.Core.Processes;

/// <summary>Where a child's output lines go: appended to a file (opened once, kept across restarts) and/or a callback.</summary>
internal sealed class ChildOutput : IDisposable
{
    private readonly StreamWriter? _file;
    private readonly Action<string>? _callback;

    public ChildOutput(string? path, Action<string>? callback)
    {
        _callback = callback;
        if (path is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            _file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }
    }

    public void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        _callback?.Invoke(line);
        if (_file is null)
        {
            return;
        }

        lock (_file)
        {
            try
            {
                _file.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // A line that arrives while the child is being disposed.
            }
        }
    }

    public void Dispose()
    {
        if (_file is not null)
        {
            lock (_file)
            {
                _file.Dispose();
            }
        }
    }
}
