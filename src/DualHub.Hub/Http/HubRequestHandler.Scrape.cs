using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using DualHub.Hub.Push.Exposition;
using DualHub.Metrics.Text;
using Microsoft.AspNetCore.Http;

namespace DualHub.Hub.Http;

internal sealed partial class HubRequestHandler
{
    private async Task ScrapeAsync(HttpContext ctx)
    {
        var openMetrics = ContentNegotiation.Negotiate(ctx.Request.Headers.Accept.ToString(), allowOpenMetrics: true, allowProtobuf: false) == ExpositionFormat.OpenMetrics;
        ctx.Response.ContentType = openMetrics ? OpenMetricsWriter.ContentType : TextWriter004.ContentType;
        var gzip = AcceptsGzip(ctx.Request.Headers.AcceptEncoding.ToString());
        var self = hub.Self.Collect(hub.Store, hub.Journal.State.TotalCommits);
        hub.Reloader.AddMetrics(self);
        // ?scope=self: the hub's own families only, for a hub that scrapes itself. CentralHub's /metrics also serves
        // every pushed group and the forwarded view, which a self-scrape would journal a second time.
        var selfOnly = ctx.Request.Query["scope"] == "self";
        var groups = selfOnly ? [] : hub.Store.Snapshot();
        if (hub.Nats is { } nats)
        {
            self.AddRange(nats.CollectMetrics());
        }

        self.AddRange(hub.Samples.CollectMetrics());
        if (hub.Query is { } query)
        {
            self.AddRange(query.Metrics.Collect());
        }
        if (!selfOnly && hub.Samples.View is { } view)
        {
            // Pushed families are already exposed from their groups; the view adds what came by other paths.
            var pushed = new HashSet<string>(groups.SelectMany(g => g.Families.Keys), StringComparer.Ordinal);
            self.AddRange(view.ToFamilies().Where(f => !pushed.Contains(f.Name)));
        }

        var pieces = ScrapeWriter.Pieces(groups, hub.NowMs, self, openMetrics);
        if (gzip)
        {
            ctx.Response.Headers.ContentEncoding = "gzip";
            await using var zip = new GZipStream(ctx.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
            var pipe = PipeWriter.Create(zip, new StreamPipeWriterOptions(leaveOpen: true));
            await CopyAsync(pipe, pieces, ctx.RequestAborted);
            await pipe.CompleteAsync();
        }
        else
        {
            await CopyAsync(ctx.Response.BodyWriter, pieces, ctx.RequestAborted);
        }
    }

    /// <summary>Copies the pieces, flushing every 256 KiB so a large scrape never sits in memory twice.</summary>
    private static async Task CopyAsync(PipeWriter pipe, IEnumerable<ReadOnlyMemory<byte>> pieces, CancellationToken ct)
    {
        long unflushed = 0;
        foreach (var piece in pieces)
        {
            pipe.Write(piece.Span);
            unflushed += piece.Length;
            if (unflushed >= 256 * 1024)
            {
                unflushed = 0;
                await pipe.FlushAsync(ct);
            }
        }

        await pipe.FlushAsync(ct);
    }

    private static bool AcceptsGzip(string acceptEncoding)
    {
        foreach (var part in acceptEncoding.Split(','))
        {
            var p = part.Trim();
            var semi = p.IndexOf(';', StringComparison.Ordinal);
            var coding = semi < 0 ? p : p[..semi].Trim();
            if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
            {
                return !p.Replace(" ", string.Empty, StringComparison.Ordinal).EndsWith("q=0", StringComparison.Ordinal);
            }
        }

        return false;
    }
}
