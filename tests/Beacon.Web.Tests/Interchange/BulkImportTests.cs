using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Interchange;

/// <summary>
/// A bulk import (<c>beacon generate --database</c>, <c>beacon import FOLDER</c>) on several writers at once: every
/// document is imported as an ordinary import, children wait for their parent organisation in the same run, and the
/// first document that cannot be imported stops the run.
/// </summary>
public abstract class BulkImportTests(BeaconFactory app)
{
    private const string UserName = "cli bulk-import test";

    private static PlanDocument Under(string parent)
    {
        var plan = Dataset.NewPlan();
        return plan with { Organisation = plan.Organisation with { Parent = parent } };
    }

    [Fact]
    public async Task A_new_organisation_and_its_children_in_one_run_on_three_writers_are_all_imported_under_it()
    {
        var parent = Dataset.NewPlan();
        var children = Enumerable.Range(0, 5).Select(_ => Under(parent.Organisation.Code)).ToList();
        var items = children.Select(c => new BulkItem(c.Organisation.Code, c)).Prepend(new BulkItem(parent.Organisation.Code, parent, PlanStatus.Approved)).ToList();

        var result = await BulkImport.RunAsync(app.Services, items, UserName, writers: 3);

        Assert.Null(result.Failed);
        Assert.Equal((6, 6 * parent.Objectives.Sum(o => o.Kpis.Count)), (result.Plans, result.Kpis));
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var codes = items.Select(i => i.Document.Organisation.Code).ToList();
        var stored = await db.Organisations.Where(o => codes.Contains(o.Code))
            .Select(o => new { o.Code, Parent = o.Parent!.Code, Plans = db.Plans.Where(p => p.OrganisationId == o.Id).Select(p => p.Status).ToList() })
            .ToListAsync();
        Assert.Equal(
            codes.Select(c => (c, c == parent.Organisation.Code ? "TPE-SWD" : parent.Organisation.Code, c == parent.Organisation.Code ? PlanStatus.Approved : PlanStatus.Draft)).Order(),
            stored.Select(s => (s.Code, s.Parent, Assert.Single(s.Plans))).Order());
        var audit = await db.AuditEntries.Where(a => a.Entity == nameof(Plan) && codes.Contains(a.OrganisationCode!)).Select(a => new { a.UserName, a.Action, a.NewValues }).ToListAsync();
        Assert.Equal(6, audit.Count);
        Assert.All(audit, a => Assert.Equal((UserName, "import"), (a.UserName, a.Action)));
        Assert.Equal(items.Select(i => PlanJson.Write(i.Document)).Order(), audit.Select(a => a.NewValues!).Order());
    }

    [Fact]
    public async Task On_one_writer_the_first_document_that_cannot_be_imported_stops_the_run_and_names_its_source()
    {
        var first = Dataset.NewPlan();
        var wrong = Dataset.NewPlan() with { Year = 1700 };
        var rest = Enumerable.Range(0, 4).Select(_ => Dataset.NewPlan()).ToList();
        var items = new[] { new BulkItem("first.json", first), new BulkItem("wrong.json", wrong) }.Concat(rest.Select(r => new BulkItem(r.Organisation.Code, r)));

        var result = await BulkImport.RunAsync(app.Services, items, UserName, writers: 1);

        Assert.Equal("wrong.json", result.Failed?.Source);
        Assert.Contains(result.Problems, p => p.Path == "$.year");
        Assert.Equal(1, result.Plans);
        Assert.Equal([first.Organisation.Code], await StoredAsync([first, wrong, .. rest]));
    }

    [Fact]
    public async Task On_two_writers_a_failure_stops_the_run_before_its_end()
    {
        var wrong = Dataset.NewPlan() with { Year = 1700 };
        var rest = Enumerable.Range(0, 30).Select(_ => Dataset.NewPlan()).ToList();
        var items = rest.Select(r => new BulkItem(r.Organisation.Code, r)).Prepend(new BulkItem("wrong.json", wrong));

        var result = await BulkImport.RunAsync(app.Services, items, UserName, writers: 2);

        Assert.Equal("wrong.json", result.Failed?.Source);
        var stored = await StoredAsync([wrong, .. rest]);
        Assert.Equal(result.Plans, stored.Count);
        Assert.True(stored.Count < rest.Count, $"{stored.Count} of {rest.Count} documents after the failure were imported");
    }

    private async Task<List<string>> StoredAsync(IEnumerable<PlanDocument> documents)
    {
        var codes = documents.Select(d => d.Organisation.Code).ToList();
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BeaconDb>().Plans
            .Where(p => codes.Contains(p.Organisation.Code)).Select(p => p.Organisation.Code).ToListAsync();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BulkImportOnSqlite(SqliteBeacon app) : BulkImportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class BulkImportOnPostgres(PostgresBeacon app) : BulkImportTests(app)
{
    [Fact]
    public async Task Imports_of_one_organisation_take_turns_and_of_another_do_not_wait()
    {
        var code = Dataset.NewOrganisationCode();
        await using var holder = app.CreateScope();
        var held = await holder.ServiceProvider.GetRequiredService<BeaconDb>().BeginTurnAsync(WriterTurn.Import, code);

        await using var other = app.CreateScope();
        var otherTurn = other.ServiceProvider.GetRequiredService<BeaconDb>().BeginTurnAsync(WriterTurn.Import, Dataset.NewOrganisationCode());
        await using var same = app.CreateScope();
        var sameTurn = same.ServiceProvider.GetRequiredService<BeaconDb>().BeginTurnAsync(WriterTurn.Import, code);

        await using (await otherTurn.WaitAsync(TimeSpan.FromSeconds(30))) { }
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(sameTurn.IsCompleted, "an import of the same organisation went ahead while another held its turn");
        await held.CommitAsync();
        await held.DisposeAsync();
        await using (await sameTurn.WaitAsync(TimeSpan.FromSeconds(30))) { }
    }
}
