using System.Text;
using DualHub.Hub.Push.Exposition;
using DualHub.Hub.Push.Journal;
using DualHub.Hub.Options;
using DualHub.Hub.Push.Store;
using DualHub.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static DualHub.Hub.Tests.TestData;

namespace DualHub.Hub.Tests.Push.Store;

public sealed class ExpiryTests : IDisposable
{
    private readonly string _dir = TempDir.Create();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => TempDir.Delete(_dir);

    private long NowNanos => (_time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    [Fact]
    public async Task Groups_expire_ttl_after_their_last_push_and_the_expiry_is_journaled()
    {
        var store = new PushStore(Self);
        using (var journal = SqliteJournal.Open(_dir, new JournalOptions(), _time))
        {
            await using var writer = new StoreWriter(store, journal, new JournalOptions(), _time, NullLogger.Instance);
            var ttl = (long)TimeSpan.FromMinutes(5).TotalMilliseconds;
            await writer.SubmitAsync(Op(OpKind.Put, Group("job", "short"), "a 1\n", NowNanos, ttl));
            await writer.SubmitAsync(Op(OpKind.Put, Group("job", "forever"), "b 1\n", NowNanos));

            _time.Advance(TimeSpan.FromMinutes(4));
            await writer.SubmitAsync(Op(OpKind.Post, Group("job", "short"), "c 1\n", NowNanos, ttl)); // extends to +9 min
            _time.Advance(TimeSpan.FromMinutes(2));
            Assert.Equal(0, await ExpirySweeper.SweepAsync(store, writer, _time));

            _time.Advance(TimeSpan.FromMinutes(3));
            Assert.False(Visible(store).Contains("job=\"short\"", StringComparison.Ordinal), "an expired group is hidden before the sweep");
            Assert.Equal(1, await ExpirySweeper.SweepAsync(store, writer, _time));
            Assert.Null(store.Get(Group("job", "short")));
            Assert.NotNull(store.Get(Group("job", "forever")));
        }

        var reloaded = new PushStore(Self);
        using var again = SqliteJournal.Open(_dir, new JournalOptions(), _time);
        again.LoadInto(reloaded);
        Assert.Equal(Dump(store), Dump(reloaded));
    }

    private string Visible(PushStore store)
    {
        var sb = new StringBuilder();
        foreach (var piece in ScrapeWriter.Pieces(store.Snapshot(), _time.GetUtcNow().ToUnixTimeMilliseconds(), [], openMetrics: false))
        {
            sb.Append(Encoding.UTF8.GetString(piece.Span));
        }

        return sb.ToString();
    }
}
