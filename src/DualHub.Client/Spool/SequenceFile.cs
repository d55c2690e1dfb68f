using System.Globalization;

namespace DualHub.Client.Spool;

/// <summary>
/// The last sequence number used, kept next to the spool so numbers keep growing across agent restarts.
/// Written without fsync (it is a hint: on start the agent also takes the spool's highest sequence).
/// </summary>
internal sealed class SequenceFile(string directory)
{
    private readonly string _path = Path.Combine(directory, "sequence");

    public long Load()
    {
        try
        {
            var text = File.ReadAllText(_path);
            return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public void Save(long sequence)
    {
        try
        {
            File.WriteAllText(_path, sequence.ToString(CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            // best effort: the spool's own file names carry the sequence of anything that matters
        }
    }
}
