using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Tests.Admin;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Cli;

/// <summary>
/// <c>beacon generate --database --out DIR</c> on a database of its own: every generated plan is written as a file and
/// imported (on PostgreSQL by several writers at once), and what is stored exports back to the very same file.
/// </summary>
public abstract class GenerateCommandTests(EmptyBeacon app) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("beacon-generate-").FullName;

    public void Dispose()
    {
        Directory.Delete(folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Two_cities_with_three_agencies_each_are_written_imported_under_their_cities_and_export_to_their_files()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await Web.Cli.RunAsync(app.Services,
            ["generate", "--database", "--out", folder, "--cities", "2", "--agencies", "3", "--kpis", "60", "--seed", "7", "--year", "2025"], output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.StartsWith("已產生 / generated: 8 plans, 60 KPIs (seed 7, year 2025)", output.ToString());
        Assert.Contains("imported in", output.ToString());
        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(8, files.Count);

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var exporter = scope.ServiceProvider.GetRequiredService<PlanExporter>();
        foreach (var file in files)
        {
            var (document, problems) = PlanJson.Read(await File.ReadAllTextAsync(file));
            Assert.True(document is not null, string.Join("; ", problems));
            var stored = await exporter.ExportAsync(document.Organisation.Code, document.Year);
            Assert.True(stored is not null, $"{Path.GetFileName(file)} was not imported");
            BytesAssert.Equal(await File.ReadAllBytesAsync(file), PlanJson.WriteUtf8(stored));
        }
        var organisations = await db.Organisations.Select(o => new { o.Code, Parent = o.Parent == null ? null : o.Parent.Code }).ToListAsync();
        Assert.Equal(2, organisations.Count(o => o.Parent is null));
        Assert.All(organisations.Where(o => o.Parent is not null), o => Assert.StartsWith(o.Parent + "-", o.Code));
        Assert.All(await db.AuditEntries.Where(a => a.Entity == nameof(Plan)).Select(a => a.UserName).ToListAsync(),
            name => Assert.StartsWith("cli generate (", name));
    }
}

public sealed class GenerateCommandOnSqlite(EmptySqliteBeacon app) : GenerateCommandTests(app), IClassFixture<EmptySqliteBeacon>;

public sealed class GenerateCommandOnPostgres(EmptyPostgresBeacon app) : GenerateCommandTests(app), IClassFixture<EmptyPostgresBeacon>;
