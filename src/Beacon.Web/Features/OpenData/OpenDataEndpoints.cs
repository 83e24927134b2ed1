using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Beacon.Core;
using Beacon.Web.Data;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.ReadModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Beacon.Web.Features.OpenData;

/// <summary>One published plan and the addresses of its four files.</summary>
public sealed record OpenDataEntry(
    string Organisation, string OrganisationName, string? OrganisationNameEn, int Year, int RocYear, string? Title,
    string ScorecardCsv, string ScorecardJson, string EvaluationCsv, string EvaluationJson);

/// <summary>The published plans, or a page of them: <see cref="Next"/> is the next page's address (left out on the last).</summary>
public sealed record OpenDataIndex(IReadOnlyList<OpenDataEntry> Plans)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Next { get; init; }
}

/// <summary>
/// 開放資料: every approved plan's scorecard and evaluation as CSV and JSON at addresses that do not change,
/// for anyone, without signing in. A plan that is not approved does not exist here (404), whoever asks.
/// </summary>
public static class OpenDataEndpoints
{
    public const string Root = "/open-data";

    /// <summary>camelCase, enums by name, Chinese as characters: the same conventions as the API.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Url(string org, int year, string file) => $"{Root}/{Uri.EscapeDataString(org)}/{year}/{file}";

    public static IEndpointRouteBuilder MapOpenData(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup(Root).WithTags("Open data");

        // GET /open-data itself is the page (Index.cshtml), which answers JSON to a client that does not ask for HTML.
        files.MapGet("/index.json", async (int? year, string? after, int? limit, HttpContext http, BeaconDb db, PlanReader reader, CancellationToken ct) =>
            {
                // The same for every reader and every plan's state: kept under the digest of all plans' stamps, the whole
                // index and each page asked for.
                var index = year is null && after is null && limit is null
                    ? await WholeIndexJsonAsync(db, reader, ct)
                    : await reader.AllPlansAsync($"open-data/index.json?{year}:{after?.ToUpperInvariant()}:{limit}", async () =>
                    {
                        var page = Page(await IndexAsync(db, reader, CancellationToken.None), year, after, limit);
                        var json = JsonSerializer.SerializeToUtf8Bytes(page, Json);
                        return (new Tagged(json, TagOf(json)) { Next = page.Next }, (long)json.Length);
                    }, ct);
                if (index.Next is { } next) http.Response.Headers.Link = $"<{next}>; rel=\"next\"";
                return Publish(http, index.Bytes, "application/json; charset=utf-8", "open-data.json", attachment: false, index.Tag);
            })
            .WithSummary($"Every approved plan with the addresses of its scorecard and evaluation (CSV and JSON), in organisation code order. `year` (Gregorian) keeps one year's; with `limit` (at most {MaxPage}) or `after`, a page of `limit` organisations (default {DefaultPage}) after the organisation code `after`, each with all its plans, and `next` (also the `Link` header, rel=\"next\") the next page's address while there are more")
            .Produces<OpenDataIndex>();

        files.MapGet("/{org}/{year:int}/scorecard.csv", (string org, int year, HttpContext http, PlanReader reader, CancellationToken ct) =>
            WithPlan(org, year, reader, ct, view =>
            {
                var columns = OpenDataRows.ValueColumns(view.Plan);
                var csv = Csv.Write(OpenDataRows.ScorecardHeader(columns), OpenDataRows.ScorecardCells(OpenDataRows.Scorecard(view.Plan), columns));
                return Publish(http, csv, "text/csv; charset=utf-8; header=present", FileName(org, year, "scorecard.csv"), attachment: true);
            }))
            .WithSummary("An approved plan's balanced scorecard, one KPI a row (UTF-8 CSV with BOM); year is Gregorian")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);

        files.MapGet("/{org}/{year:int}/scorecard.json", (string org, int year, HttpContext http, PlanReader reader, CancellationToken ct) =>
            WithPlan(org, year, reader, ct, view => Publish(http, JsonSerializer.SerializeToUtf8Bytes(OpenDataRows.Scorecard(view.Plan), Json),
                "application/json; charset=utf-8", FileName(org, year, "scorecard.json"), attachment: false)))
            .WithSummary("An approved plan's balanced scorecard, one KPI a row (the CSV's rows as JSON)")
            .Produces<OpenDataFile<ScorecardRow>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        files.MapGet("/{org}/{year:int}/evaluation.csv", (string org, int year, HttpContext http, PlanReader reader, CancellationToken ct) =>
            WithPlan(org, year, reader, ct, view =>
            {
                var csv = Csv.Write(OpenDataRows.EvaluationHeader, OpenDataRows.EvaluationCells(OpenDataRows.Evaluation(view.Evaluation)));
                return Publish(http, csv, "text/csv; charset=utf-8; header=present", FileName(org, year, "evaluation.csv"), attachment: true);
            }))
            .WithSummary("An approved plan's evaluation: achievement, scores, total and light per KPI, self and reviewed (UTF-8 CSV with BOM)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);

        files.MapGet("/{org}/{year:int}/evaluation.json", (string org, int year, HttpContext http, PlanReader reader, CancellationToken ct) =>
            WithPlan(org, year, reader, ct, view => Publish(http, JsonSerializer.SerializeToUtf8Bytes(OpenDataRows.Evaluation(view.Evaluation), Json),
                "application/json; charset=utf-8", FileName(org, year, "evaluation.json"), attachment: false)))
            .WithSummary("An approved plan's evaluation (the CSV's rows as JSON)")
            .Produces<OpenDataFile<EvaluationRow>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    public const int DefaultPage = 100, MaxPage = 1000;

    /// <summary>Every published plan, kept under the digest of every plan's stamp (the page and the index read it).</summary>
    public static Task<OpenDataIndex> IndexAsync(BeaconDb db, PlanReader reader, CancellationToken ct) =>
        reader.AllPlansAsync("open-data/index", async () =>
        {
            var index = await LoadIndexAsync(db, CancellationToken.None);
            return (index, 512L * (1 + index.Plans.Count));
        }, ct);

    /// <summary>The whole index as JSON with its tag, kept as <see cref="IndexAsync"/> is.</summary>
    private static Task<Tagged> WholeIndexJsonAsync(BeaconDb db, PlanReader reader, CancellationToken ct) =>
        reader.AllPlansAsync("open-data/index.json", async () =>
        {
            var json = IndexJson(await IndexAsync(db, reader, CancellationToken.None));
            return (new Tagged(json, TagOf(json)), (long)json.Length);
        }, ct);

    /// <summary>The whole index as JSON, kept.</summary>
    public static async Task<byte[]> WholeIndexBytesAsync(BeaconDb db, PlanReader reader, CancellationToken ct) =>
        (await WholeIndexJsonAsync(db, reader, ct)).Bytes;

    /// <summary>
    /// The plans of <paramref name="year"/> (every year when null); when <paramref name="limit"/> or <paramref name="after"/>
    /// is given, those of <paramref name="limit"/> organisations after the code <paramref name="after"/>, with the next
    /// page's address while organisations are left. In code order (ordinal, as codes are compared everywhere).
    /// </summary>
    public static OpenDataIndex Page(OpenDataIndex index, int? year, string? after, int? limit)
    {
        // Paged when a page is asked for (limit or after); a year's plans alone come whole.
        var plans = index.Plans.Where(p => year is null || p.Year == year);
        if (limit is null && after is null) return new OpenDataIndex([.. plans]);
        var size = Math.Clamp(limit ?? DefaultPage, 1, MaxPage);
        var page = KeyPage.Of(plans, p => p.Organisation, after?.ToUpperInvariant(), size);
        var next = page.NextAfter is { } last
            ? $"{Root}/index.json?" + string.Join('&', new[] { year is null ? null : $"year={year}", "after=" + Uri.EscapeDataString(last), $"limit={size}" }.OfType<string>())
            : null;
        return new OpenDataIndex(page.Rows) { Next = next };
    }

    /// <summary>Every published plan (approved: what anyone may read), by organisation code and year.</summary>
    public static async Task<OpenDataIndex> LoadIndexAsync(BeaconDb db, CancellationToken ct)
    {
        // What the public reads of each plan: its latest published version, with the names and title that version has.
        var plans = await (from p in db.Plans.AsNoTracking()
                           where p.Status == PlanStatus.Approved || p.PublishedVersion != null
                           join v in db.PlanVersions on new { p.OrganisationId, p.Year, Number = p.PublishedVersion ?? 0 } equals new { v.OrganisationId, v.Year, v.Number } into versions
                           from v in versions.DefaultIfEmpty()
                           orderby p.Organisation.Code, p.Year
                           select new
                           {
                               p.Organisation.Code, Name = v == null ? p.Organisation.Name : v.OrganisationName, NameEn = v == null ? p.Organisation.NameEn : v.OrganisationNameEn,
                               p.Year, Title = v == null ? p.Title : v.Title,
                           })
            .ToListAsync(ct);
        // In code order as codes are compared everywhere (ordinal), whatever the database's collation.
        plans = [.. plans.OrderBy(p => p.Code, StringComparer.Ordinal).ThenBy(p => p.Year)];
        return new OpenDataIndex([.. plans.Select(p => new OpenDataEntry(p.Code, p.Name, p.NameEn, p.Year, RocYear.FromGregorian(p.Year), p.Title,
            Url(p.Code, p.Year, "scorecard.csv"), Url(p.Code, p.Year, "scorecard.json"),
            Url(p.Code, p.Year, "evaluation.csv"), Url(p.Code, p.Year, "evaluation.json")))]);
    }

    public static byte[] IndexJson(OpenDataIndex index) => JsonSerializer.SerializeToUtf8Bytes(index, Json);

    private static async Task<IResult> WithPlan(string org, int year, PlanReader reader, CancellationToken ct, Func<PlanView, IResult> answer)
    {
        // The public's copy: the latest published version. A plan never approved is not "hidden": to the public it does not exist.
        if (await reader.ViewAsync(org, year, Actor.Anonymous, ct) is not { } view)
            return Shared.WriteAnswer.NotFound($"找不到 {org} {year} 年已核定公開的計畫", $"no approved plan for {org} in {year} is published");
        return answer(view);
    }

    private static string FileName(string org, int year, string file) => $"{org}-{year}-{file}";

    /// <summary>
    /// The bytes with a strong ETag of their content: a client that has them gets 304. no-cache because an evaluation
    /// can change at any time; revalidating costs a query but not the download. Any site may fetch them (CORS *).
    /// </summary>
    private sealed record Tagged(byte[] Bytes, EntityTagHeaderValue Tag)
    {
        public string? Next { get; init; }
    }

    private static EntityTagHeaderValue TagOf(byte[] bytes) => new($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16))}\"");

    private static IResult Publish(HttpContext http, byte[] bytes, string contentType, string fileName, bool attachment, EntityTagHeaderValue? known = null)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.AccessControlAllowOrigin = "*";
        var tag = known ?? TagOf(bytes);
        if (attachment) return Results.Bytes(bytes, contentType, fileDownloadName: fileName, entityTag: tag);
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(fileName);
        headers.ContentDisposition = disposition.ToString();
        return Results.Bytes(bytes, contentType, entityTag: tag);
    }
}
