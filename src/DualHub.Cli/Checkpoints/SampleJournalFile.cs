using System.Text;
using DualHub.Metrics.RemoteWrite;
using DualHub.Metrics.Text;
using Microsoft.Data.Sqlite;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// Reads a hub's sample journal (<c>DATA/samples.db</c>, one uncompressed WriteRequest per record) read-only, beside the
/// running hub (SQLite WAL allows it). The drills use it as the per-sample history: CentralHub's view keeps only the newest
/// sample, its journal keeps every received batch for <c>sample_journal.max_age</c> (1 h by default).
/// </summary>
internal static class SampleJournalFile
{
    /// <summary>Every sample of the records selected by <paramref name="where"/> (a condition on <c>seq</c>, <c>appended_ms</c>), in journal order.</summary>
    public static List<JournalSample> Read(string path, string where, params (string Name, long Value)[] parameters)
    {
        try
        {
            return ReadCore(path, where, parameters);
        }
        catch (Exception ex) when (ex is SqliteException or MetricsParseException)
        {
            // A check reports it as a failure with the file named, instead of ending `up --check`.
            throw new InvalidOperationException($"{path}: {ex.Message}", ex);
        }
    }

    private static List<JournalSample> ReadCore(string path, string where, (string Name, long Value)[] parameters)
    {
        var result = new List<JournalSample>();
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(cs);
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT seq, data, appended_ms FROM batches WHERE {where} ORDER BY seq";
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        using var reader = cmd.ExecuteReader();
        var key = new StringBuilder();
        while (reader.Read())
        {
            var seq = reader.GetInt64(0);
            var request = RemoteWriteCodec.Decode((byte[])reader.GetValue(1));
            var appended = reader.GetInt64(2);
            foreach (var series in request.Series)
            {
                key.Clear();
                foreach (var l in series.Labels)
                {
                    key.Append(l.Name).Append("=\"").Append(l.Value).Append("\",");
                }

                var k = key.ToString();
                foreach (var s in series.Samples)
                {
                    result.Add(new JournalSample(seq, k, s.TimestampMs, BitConverter.DoubleToInt64Bits(s.Value), appended));
                }
            }
        }

        return result;
    }
}
