using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Spreadsheets;

/// <summary>
/// Seeded fuzzing of entry-sheet uploads: 1,000 files made from the real XLSX and ODS templates and a CSV sheet by
/// flipping, cutting, inserting and repeating bytes, each uploaded to be saved (not a dry run) on a submitted plan
/// (closed for entry, so a file that is still a good sheet is refused too). Every answer is a 4xx problem document,
/// or a 200 with nothing to save; none is a 5xx; and the database is as it was.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class SpreadsheetFuzzTests(SqliteBeacon app)
{
    private const int Year = 2022;
    private const int Seed = 20261203;
    private const int Files = 1000;

    private async Task<string> SnapshotAsync(string org)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var plan = await db.Plans.AsNoTracking().SingleAsync(p => p.Organisation.Code == org && p.Year == Year);
        var kpis = await db.Kpis.AsNoTracking().Include(k => k.Values).Include(k => k.Assessment)
            .Where(k => db.Objectives.Any(o => o.Id == k.ObjectiveId && o.PlanId == plan.Id))
            .OrderBy(k => k.Code).ToListAsync();
        var audit = await db.AuditEntries.CountAsync(a => a.OrganisationCode == org);
        return $"{plan.Status} {plan.Version} audit {audit}\n" + string.Join("\n", kpis.Select(k =>
            $"{k.Code} {k.Assessment?.Version} {k.Assessment?.SelfInnovation} {k.Assessment?.SelfChallenge} {k.Assessment?.SelfContribution} " +
            string.Join(";", k.Values.OrderBy(v => v.Year).ThenBy(v => v.Kind).ThenBy(v => v.Period).Select(v => $"{v.Year}{v.Kind}{v.Period}={v.Text}"))));
    }

    [Fact]
    public async Task A_thousand_mutated_uploads_get_only_4xx_answers_or_nothing_to_save_and_change_nothing()
    {
        var org = await app.ImportAsPlannerAsync();
        var editor = await app.ClientAsAsync(Roles.AgencyEditor, org);
        var evaluation = await editor.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans/{Year}/evaluation");
        var version = evaluation.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "AC3.1").GetProperty("version").GetInt32();
        (byte[] Bytes, string Type)[] bases =
        [
            (await editor.GetByteArrayAsync($"/api/orgs/{org}/plans/{Year}/entry-sheet.xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (await editor.GetByteArrayAsync($"/api/orgs/{org}/plans/{Year}/entry-sheet.ods"), "application/vnd.oasis.opendocument.spreadsheet"),
            (Encoding.UTF8.GetBytes($"代碼,111年 實際值,創新度,挑戰度,貢獻度,自評說明,版本\nAC3.1,48.2,88,80,80,持續辦理,{version}\nAC2.1,100,70,70,70,,{version}\n"), "text/csv"),
        ];
        await app.SetStatusAsync(org, PlanStatus.Submitted);
        var before = await SnapshotAsync(org);
        var random = new Random(Seed);
        var answers = new Dictionary<int, int>();
        var failures = new List<string>();

        for (var i = 0; i < Files; i++)
        {
            var (source, type) = bases[random.Next(bases.Length)];
            var bytes = Mutate(source, random);
            var content = new ByteArrayContent(bytes);
            // Now and then the wrong media type, or none that is a spreadsheet.
            content.Headers.ContentType = new MediaTypeHeaderValue(random.Next(10) switch { 0 => "application/octet-stream", 1 => "text/csv", _ => type });
            var response = await editor.PostAsync($"/api/orgs/{org}/plans/{Year}/entry-sheet", content);
            var status = (int)response.StatusCode;
            answers[status] = answers.GetValueOrDefault(status) + 1;
            if (status is >= 400 and < 500)
            {
                if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") failures.Add($"#{i}: {status} without a problem document");
            }
            else if (status == 200)
            {
                var preview = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (preview.GetProperty("committed").GetBoolean()) failures.Add($"#{i}: saved on a submitted plan");
            }
            else failures.Add($"#{i}: {status} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.Equal(before, await SnapshotAsync(org));
        Assert.True(answers.Keys.Count(s => s >= 400) >= 2, "the mutations should reach more than one kind of refusal: " + string.Join(", ", answers));
    }

    /// <summary>One to three mutations: flip bits, overwrite a run with random bytes, cut the file, insert bytes, repeat a chunk.</summary>
    private static byte[] Mutate(byte[] source, Random random)
    {
        var bytes = new List<byte>(source);
        for (var m = random.Next(1, 4); m > 0 && bytes.Count > 0; m--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    for (var k = 0; k < random.Next(1, 64) && at + k < bytes.Count; k++) bytes[at + k] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 3:
                    var insert = new byte[random.Next(1, 32)];
                    random.NextBytes(insert);
                    bytes.InsertRange(at, insert);
                    break;
                default:
                    var length = Math.Min(random.Next(1, 4096), bytes.Count - at);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
            }
        }
        return [.. bytes];
    }
}
