using System.Threading.Channels;
using Beacon.Core;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Interchange;

/// <summary>One document of a bulk import: where it came from (a file's path, or its code and year), and how to store it.</summary>
public sealed record BulkItem(string Source, PlanDocument Document, PlanStatus Status = PlanStatus.Draft);

/// <summary>How a bulk import ended: what was imported, and the first document that was not (with its problems).</summary>
public sealed record BulkImportResult(int Plans, int Kpis, TimeSpan Importing, BulkItem? Failed, IReadOnlyList<Problem> Problems);

/// <summary>
/// Imports a run of documents (<c>beacon generate --database</c>, <c>beacon import FOLDER</c>) through the ordinary
/// <see cref="PlanImporter"/>, each plan all or nothing in its own transaction, inside a <see cref="BulkLoad"/>.
/// <para>
/// The documents are read, checked and written out as text (<see cref="PreparedDocument"/>) on one thread while
/// writers import them. On PostgreSQL there are several writers, each on a connection of its own: imports of different
/// organisations do not wait for each other (<see cref="WriterTurns"/>), so the database works on one plan while the app
/// makes the next one's rows. A document whose parent organisation is earlier in the same run waits until that parent's
/// import has committed. SQLite has one writer, in the run's order.
/// </para>
/// <para>
/// The first document that cannot be imported stops the run: no further document is started; those imported before
/// it, and those another writer was importing at the same moment, stay imported.
/// </para>
/// </summary>
public static class BulkImport
{
    /// <summary>How many writers a run on this database gets: one on SQLite; on PostgreSQL one per core, two to four.</summary>
    public static int Writers(BeaconDb db) => db.Database.IsNpgsql() ? Math.Clamp(Environment.ProcessorCount, 2, 4) : 1;

    /// <param name="services">The app's services; each writer gets a scope of its own.</param>
    /// <param name="items">The documents, a parent organisation's before its children's.</param>
    /// <param name="prepare">Called for each document as it is read, on the reading thread (to write it to a file, say).</param>
    /// <param name="userName">Who the audit trail names for each import.</param>
    /// <param name="imported">Called after each import, one call at a time (to report progress).</param>
    public static async Task<BulkImportResult> RunAsync(IServiceProvider services, IEnumerable<BulkItem> items, string userName,
        bool dryRun = false, bool replace = false, int? writers = null, Func<BulkItem, PreparedDocument, Task>? prepare = null,
        Func<int, int, Task>? imported = null, CancellationToken ct = default)
    {
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        int count;
        await using (var probe = scopes.CreateAsyncScope())
            count = writers ?? Writers(probe.ServiceProvider.GetRequiredService<BeaconDb>());
        count = Math.Max(1, count);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var queue = Channel.CreateBounded<(BulkItem Item, PreparedDocument Prepared, Task<bool>? Parent, TaskCompletionSource<bool> Finished)>(
            new BoundedChannelOptions(count * 2) { SingleReader = false, SingleWriter = true });
        // Each organisation's latest import in this run (read by the reading thread only), to be waited for by its
        // children's: true once committed.
        var done = new Dictionary<string, TaskCompletionSource<bool>>(StringComparer.Ordinal);
        var report = new SemaphoreSlim(1, 1);
        var failure = (Item: (BulkItem?)null, Problems: (IReadOnlyList<Problem>)[]);
        int plans = 0, kpis = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var reader = Task.Run(async () =>
        {
            try
            {
                foreach (var item in items)
                {
                    if (stop.IsCancellationRequested) break;
                    var prepared = PreparedDocument.Of(item.Document);
                    if (prepare is not null) await prepare(item, prepared);
                    var parent = item.Document.Organisation.Parent is { } code && done.TryGetValue(code, out var p) ? p.Task : null;
                    var finished = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    done[item.Document.Organisation.Code] = finished;
                    await queue.Writer.WriteAsync((item, prepared, parent, finished), stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            finally
            {
                queue.Writer.Complete();
            }
        }, CancellationToken.None);

        async Task WriteAsync()
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AuditScope>().UserName = userName;
            var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
            var importer = scope.ServiceProvider.GetRequiredService<PlanImporter>();
            await using var bulk = dryRun ? null : await BulkLoad.BeginAsync(db, ct);
            await foreach (var (item, prepared, parent, finished) in queue.Reader.ReadAllAsync(CancellationToken.None))
            {
                if (stop.IsCancellationRequested || (parent is not null && !await parent))
                {
                    finished.TrySetResult(false);
                    continue;
                }
                ImportResult result;
                try
                {
                    result = await importer.ImportAsync(item.Document, dryRun, replace, ct, item.Status, prepared: prepared);
                }
                catch
                {
                    finished.TrySetResult(false);
                    stop.Cancel();
                    throw;
                }
                finished.TrySetResult(result.Succeeded);
                // No writer starts another document once one has failed.
                if (!result.Succeeded) stop.Cancel();
                await report.WaitAsync(CancellationToken.None);
                try
                {
                    if (!result.Succeeded)
                    {
                        if (failure.Item is null) failure = (item, result.Problems);
                        continue;
                    }
                    plans++;
                    kpis += item.Document.Objectives.Sum(o => o.Kpis.Count);
                    if (imported is not null) await imported(plans, kpis);
                }
                finally
                {
                    report.Release();
                }
            }
        }

        var writing = Enumerable.Range(0, count).Select(_ => Task.Run(WriteAsync, CancellationToken.None)).ToList();
        try
        {
            await Task.WhenAll(writing);
        }
        finally
        {
            // The reader, waiting for room in the queue that no writer will empty now, stops.
            stop.Cancel();
            await reader;
        }
        ct.ThrowIfCancellationRequested();
        return new BulkImportResult(plans, kpis, clock.Elapsed, failure.Item, failure.Problems);
    }
}
