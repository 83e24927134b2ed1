using System.Security.Claims;
using Beacon.Core;
using Beacon.Core.Plans;
using Beacon.Core.Sheets;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Documents;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;

using FileFormat = Beacon.Web.Features.Documents.DocumentFormat;

namespace Beacon.Web.Features.Spreadsheets;

/// <summary>Where a problem or a change is in the file: sheet, cell reference (C12), 1-based row and column letters.</summary>
public sealed record SheetCellDto(string Sheet, string Cell, int Row, string Column)
{
    public static SheetCellDto? Of(CellAt? at) => at is { } a ? new SheetCellDto(a.Sheet, a.Reference, a.RowNumber, a.ColumnName) : null;
}

/// <summary>One problem of an upload: the path of the entry rules or the cell, the messages (naming the cell), and the cell.</summary>
public sealed record SheetProblemItem(string Path, string Message, string MessageEn, SheetCellDto? Cell);

/// <summary>
/// One change of an entry-sheet upload, old → new: the KPI, the field (actual, reason, item1 … the n-th input or part,
/// Q1 … a progress period, innovation, challenge, contribution, met, explanation) and its header, the cell. A conflict
/// is a KPI someone else changed since the download: <c>theirVersion</c> is what to send as <c>overwrite=CODE:VERSION</c>
/// to write the file's values over theirs.
/// </summary>
public sealed record EntrySheetChangeDto(string Kpi, string Field, string Label, string? Old, string? New, SheetCellDto Cell, bool Conflict, int? TheirVersion);

/// <summary>What an entry-sheet upload did (committed) or would do (dryRun): the sheet read, its KPI rows, every change.</summary>
public sealed record EntrySheetPreviewDto(string Organisation, int Year, string Format, string? Sheet, int Rows, bool DryRun, bool Committed,
    int Kpis, IReadOnlyList<EntrySheetChangeDto> Changes);

/// <summary>What a plan-from-a-spreadsheet upload created (or would create): the counts and the plan document.</summary>
public sealed record PlanSheetPreviewDto(string Organisation, int Year, string Format, bool DryRun, bool Created, bool Replaced,
    int Themes, int Objectives, int Kpis, int ActionPlans, PlanDocument Plan);

/// <summary>
/// Spreadsheets in: the entry template of a plan year and its upload (preview, then all or nothing), and a plan from a
/// scorecard spreadsheet (preview, then a draft as an import makes it), with the template of that layout.
/// </summary>
public static class SpreadsheetApi
{
    public static IServiceCollection AddBeaconSpreadsheets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SpreadsheetLimits>().Bind(configuration.GetSection(SpreadsheetLimits.Section))
            .Validate(l => l.MaxFileBytes > 0 && l.MaxEntries > 0 && l.MaxEntryBytes > 0 && l.MaxTotalBytes > 0 && l.MaxCells > 0, "Spreadsheets:* limits must be positive");
        services.AddScoped<EntrySheetUpload>();
        services.AddScoped<PlanSheetUpload>();
        return services;
    }

    /// <summary>The most a request with a file may carry: the file and a little for the form around it.</summary>
    public static long RequestLimit(SpreadsheetLimits limits) => limits.MaxFileBytes + 64 * 1024;

    public static IEndpointRouteBuilder MapSpreadsheets(this IEndpointRouteBuilder app)
    {
        var limit = RequestLimit(app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SpreadsheetLimits>>().Value);
        var api = app.MapGroup("/api/orgs/{org}/plans/{year:int}").WithTags("Spreadsheets");

        api.MapGet("/entry-sheet.{format}", async Task<IResult> (string org, int year, string format, HttpContext http, BeaconDb db, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (Format(format) is not { } f) return NotFound($"沒有「entry-sheet.{format}」：請用 xlsx 或 ods", $"there is no 'entry-sheet.{format}': ask for xlsx or ods");
            var plan = await db.LoadPlanAsync(org, year, ct);
            if (plan is null || !user.Actor().CanSee(plan.Status)) return NotFound($"找不到 {org} {year} 年的計畫", $"no plan for {org} in {year}");
            if (!user.CanEnterFor(plan.Organisation.Code))
                return WriteAnswer.Problem(StatusCodes.Status403Forbidden, $"只有 {plan.Organisation.Code} 的填報人員可以下載填報表 / only {plan.Organisation.Code}'s editors may download its entry sheet");
            var responsible = plan.Objectives.SelectMany(o => o.Kpis).ToDictionary(k => k.Code, k => k.Responsible, StringComparer.Ordinal);
            var kpis = EntrySheetKpis.Of(PlanEvaluation.Of(plan)).Where(k => user.CanEnterKpi(plan.Organisation.Code, responsible[k.Code])).ToList();
            return File(http, EntrySheetTemplate.Build(plan, kpis), f);
        }).RequireAuthorization().WithName("getEntrySheet")
          .WithSummary("The entry sheet of a plan year (xlsx or ods): one row per KPI the caller may enter, the version of each, locked reference columns and data validation")
          .Produces(StatusCodes.Status200OK, responseType: typeof(byte[]), contentType: XlsxWriter.ContentType, additionalContentTypes: [OdsWriter.ContentType])
          .ProducesWriteProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        api.MapPost("/entry-sheet", async Task<IResult> (string org, int year, HttpRequest request, EntrySheetUpload upload, ClaimsPrincipal user,
            bool? dryRun, [FromQuery] string[]? overwrite, [FromQuery] string[]? skip, CancellationToken ct) =>
        {
            var body = await UploadBody.ReadAsync(request, upload.Limits);
            if (body.Refusal is { } refusal) return refusal;
            var outcome = await upload.RunAsync(org, year, body.Bytes!, user.Actor(), Resolutions(overwrite, skip), commit: dryRun != true, ct);
            return Answer(outcome, org, year, dryRun == true);
        }).RequireAuthorization().RequireRateLimiting(Security.RateLimits.Import).WithName("uploadEntrySheet")
          .WithMetadata(new RequestSizeLimitAttribute(limit))
          .WithSummary("Upload a filled-in entry sheet (xlsx, ods or csv; the file as the body with its media type, or multipart/form-data with a part named file): ?dryRun=true previews every change old → new and every problem by cell; otherwise all of it is saved or nothing. A KPI someone else changed since the download is a 409 conflict until resolved with ?overwrite=CODE:VERSION or ?skip=CODE")
          .WithDescription("The rows become the same entries as the forms and PUT …/kpis/{code}/actual, progress and self, checked by the same rules with the same permissions and versions, and audited. Problems name their sheet, cell, row and column. Signed in with the cookie, use the entry page instead (API writes with the cookie must be JSON).")
          .DocumentsFileBody()
          .Produces<EntrySheetPreviewDto>()
          .ProducesWriteProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
              StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status429TooManyRequests);

        api.MapGet("/plan-sheet.{format}", async Task<IResult> (string org, int year, string format, HttpContext http, BeaconDb db, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (Format(format) is not { } f) return NotFound($"沒有「plan-sheet.{format}」：請用 xlsx 或 ods", $"there is no 'plan-sheet.{format}': ask for xlsx or ods");
            var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Code == org, ct);
            if (organisation is null || year is < PlanValidator.MinYear or > PlanValidator.MaxYear) return NotFound($"找不到機關「{org}」或年度不正確", $"no organisation '{org}', or no such year");
            if (!user.CanImportFor(organisation.Code))
                return WriteAnswer.Problem(StatusCodes.Status403Forbidden, $"只有研考會與 {organisation.Code} 未限定科室的編輯人員可以建立它的計畫 / only planners and {organisation.Code}'s editors not bound to divisions may create its plans");
            return File(http, PlanSheetTemplate.Build(PlanDocuments.OrganisationName(organisation), organisation.Code, year, await NearestAsync(db, organisation, year, ct)), f);
        }).RequireAuthorization().WithName("getPlanSheetTemplate")
          .WithSummary("The template of a plan spreadsheet (xlsx or ods): a plan sheet (mission, vision, values, perspectives, themes from the nearest plan) and one scorecard sheet per perspective")
          .Produces(StatusCodes.Status200OK, responseType: typeof(byte[]), contentType: XlsxWriter.ContentType, additionalContentTypes: [OdsWriter.ContentType])
          .ProducesWriteProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        api.MapPost("/plan-sheet", async Task<IResult> (string org, int year, HttpRequest request, PlanSheetUpload upload, ClaimsPrincipal user,
            bool? dryRun, bool? replace, CancellationToken ct) =>
        {
            var body = await UploadBody.ReadAsync(request, upload.Limits);
            if (body.Refusal is { } refusal) return refusal;
            var outcome = await upload.RunAsync(org, year, body.Bytes!, user, commit: dryRun != true, replace == true, ct);
            if (!outcome.Succeeded) return Problems(outcome.Status, outcome.Problems, null);
            var plan = outcome.Document!;
            return Results.Ok(new PlanSheetPreviewDto(plan.Organisation.Code, plan.Year, Name(outcome.Format), dryRun == true, outcome.Created, outcome.Summary?.Replaced == true,
                plan.Themes.Count, plan.Objectives.Count, plan.Objectives.Sum(o => o.Kpis.Count), plan.Objectives.Sum(o => o.Kpis.Sum(k => k.ActionPlans.Count)), plan));
        }).RequireAuthorization().RequireRateLimiting(Security.RateLimits.Import).WithName("uploadPlanSheet")
          .WithMetadata(new RequestSizeLimitAttribute(limit))
          .WithSummary("A new plan from a scorecard spreadsheet (xlsx, ods or csv, laid out as the scorecard document or the plan-sheet template; columns found by their zh-TW or English headers): ?dryRun=true shows the plan and every problem by cell; otherwise the plan is imported as a draft, exactly as POST /api/import would; ?replace=true replaces a draft of that year")
          .WithDescription("What a scorecard does not print (mission, vision, themes, links, formula expressions, milestones) comes from the plan sheet or the organisation's nearest plan. Planners create any organisation's plans; an agency editor not bound to divisions its own.")
          .DocumentsFileBody()
          .Produces<PlanSheetPreviewDto>()
          .ProducesWriteProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
              StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status429TooManyRequests);
        return app;
    }

    /// <summary>?overwrite=AC1.1:5&amp;skip=AC2.1 (repeated, or comma-separated).</summary>
    public static EntrySheetResolutions Resolutions(IEnumerable<string>? overwrite, IEnumerable<string>? skip)
    {
        var over = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in (overwrite ?? []).SelectMany(o => o.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            if (item.Split(':') is [var code, var version] && int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v))
                over[code.ToUpperInvariant()] = v;
        var skipped = (skip ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(s => s.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        return new EntrySheetResolutions(over, skipped);
    }

    private static FileFormat? Format(string format) => DocumentFormats.Parse(format) is { } f && f is FileFormat.Xlsx or FileFormat.Ods ? f : null;

    private static async Task<PlanDocument?> NearestAsync(BeaconDb db, Organisation organisation, int year, CancellationToken ct)
    {
        var years = await db.Plans.Where(p => p.OrganisationId == organisation.Id).Select(p => p.Year).ToListAsync(ct);
        if (years.Count == 0) return null;
        var nearest = years.Where(y => y <= year).DefaultIfEmpty(0).Max() is var before and > 0 ? before : years.Min();
        return await db.LoadPlanAsync(organisation.Code, nearest, ct) is { } plan ? PlanMapping.ToDocument(plan) : null;
    }

    /// <summary>A template written in the format, with its file name (organisation, year as printed, template).</summary>
    public static (byte[] Bytes, string ContentType, string FileName) Bytes(EntrySheetTemplate.Template template, FileFormat format) =>
        (format == FileFormat.Xlsx
            ? XlsxWriter.Write(template.Title, template.Sheets, landscape: true)
            : OdsWriter.Write(template.Title, template.Sheets, landscape: true),
         format.ContentType(), $"{template.FileStem}.{format.Extension()}");

    /// <summary>A template as a download; not kept by shared caches (it holds the agency's figures).</summary>
    public static IResult File(HttpContext http, EntrySheetTemplate.Template template, FileFormat format)
    {
        var (bytes, type, name) = Bytes(template, format);
        http.Response.Headers.CacheControl = "private, no-cache";
        return Results.File(bytes, type, name);
    }

    public static string Name(SpreadsheetFormat? format) => format?.ToString().ToLowerInvariant() ?? "";

    /// <summary>The answer to an entry-sheet upload: 200 with every change, or the problem document with every problem by cell (and the changes, to resolve conflicts).</summary>
    private static IResult Answer(EntrySheetOutcome outcome, string org, int year, bool dryRun)
    {
        var changes = outcome.Plan?.Changes.Select(c => new EntrySheetChangeDto(c.Code, c.Field.Key, c.Field.Header(Ui.English, year), c.Old, c.New,
            SheetCellDto.Of(c.At)!, c.Conflict, c.Theirs)).ToList() ?? [];
        if (!outcome.Succeeded) return Problems(outcome.Status, outcome.Problems, changes);
        return Results.Ok(new EntrySheetPreviewDto(outcome.Stored!.Organisation.Code, outcome.Stored.Year, Name(outcome.Format), outcome.Plan!.Read.Sheet,
            outcome.Plan.Rows, dryRun, outcome.Committed, outcome.Plan.Entries.Count, changes));
    }

    /// <summary>The problem document of a refused upload: a title per status, the problems with their cells, and what else helps.</summary>
    public static IResult Problems(int status, IReadOnlyList<CellProblem> problems, IReadOnlyList<EntrySheetChangeDto>? changes)
    {
        var title = status switch
        {
            StatusCodes.Status403Forbidden => "沒有權限，未寫入任何資料 / not allowed; nothing was written",
            StatusCodes.Status404NotFound => "找不到，未寫入任何資料 / not found; nothing was written",
            StatusCodes.Status409Conflict => "與目前的資料衝突，未寫入任何資料 / in conflict with what is stored now; nothing was written",
            StatusCodes.Status413PayloadTooLarge => "檔案太大，未讀取 / the file is too large; nothing was read",
            StatusCodes.Status415UnsupportedMediaType => "不是可讀取的試算表，未寫入任何資料 / not a spreadsheet that can be read; nothing was written",
            _ => "試算表有問題，未寫入任何資料 / the spreadsheet has problems; nothing was written",
        };
        var extensions = new Dictionary<string, object?>
        {
            ["errors"] = problems.Select(p => new SheetProblemItem(p.Cell is null ? p.Problem.Path : p.Problem.Place?.Path ?? $"{p.Cell.Value.Sheet}!{p.Cell.Value.Reference}",
                p.Message, p.MessageEn, SheetCellDto.Of(p.Cell))).ToList(),
        };
        if (changes is { Count: > 0 }) extensions["changes"] = changes;
        return Results.Problem(statusCode: status, title: title, extensions: extensions);
    }

    private static IResult NotFound(string zh, string en) => WriteAnswer.NotFound(zh, en);
}

/// <summary>
/// The file of an upload: the request body itself with a spreadsheet's media type (XLSX, ODS, CSV, or
/// application/octet-stream), or the part named "file" of a multipart/form-data body. Anything else is a 415 problem, an
/// unreadable form a 400, a file over the limit a 413; nothing throws.
/// </summary>
public static class UploadBody
{
    public sealed record Read(byte[]? Bytes, IResult? Refusal);

    public static async Task<Read> ReadAsync(HttpRequest request, SpreadsheetLimits limits)
    {
        if (request.HasFormContentType)
        {
            if (!(request.ContentType ?? "").StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
                return Refuse(StatusCodes.Status415UnsupportedMediaType, "請以 multipart/form-data 上傳檔案（欄位名稱 file），或直接以檔案為內容", "send the file as multipart/form-data (a part named file), or as the body itself.");
            IFormCollection form;
            try { form = await request.ReadFormAsync(request.HttpContext.RequestAborted); }
            catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
            {
                return Refuse(StatusCodes.Status400BadRequest, "上傳的表單無法讀取（multipart 格式不正確）", "the uploaded form cannot be read (malformed multipart body).");
            }
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file is null) return Refuse(StatusCodes.Status400BadRequest, "表單中沒有檔案：請以名為 file 的欄位上傳", "the form holds no file: send it in a part named file.");
            if (file.Length > limits.MaxFileBytes) return TooLarge(limits);
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy, request.HttpContext.RequestAborted);
            return new Read(copy.ToArray(), null);
        }
        if (!SpreadsheetReader.IsSpreadsheetType(request.ContentType))
            return Refuse(StatusCodes.Status415UnsupportedMediaType,
                $"內容類型「{request.ContentType}」不是試算表：請以 XLSX（{XlsxWriter.ContentType}）、ODS（{OdsWriter.ContentType}）、CSV（text/csv）或 multipart/form-data 上傳",
                $"content type '{request.ContentType}' is not a spreadsheet: send XLSX ({XlsxWriter.ContentType}), ODS ({OdsWriter.ContentType}), CSV (text/csv) or multipart/form-data.");
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        for (int n; (n = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0;)
        {
            if (buffer.Length + n > limits.MaxFileBytes) return TooLarge(limits);
            buffer.Write(chunk, 0, n);
        }
        return new Read(buffer.ToArray(), null);
    }

    private static Read TooLarge(SpreadsheetLimits limits) => Refuse(StatusCodes.Status413PayloadTooLarge,
        $"檔案太大（上限 {Security.RequestLimits.Size(limits.MaxFileBytes)}）", $"the file is too large ({Security.RequestLimits.Size(limits.MaxFileBytes)} at most).");

    private static Read Refuse(int status, string zh, string en) =>
        new(null, SpreadsheetApi.Problems(status, [CellProblem.Whole(zh, en)], null));

    /// <summary>Documents the file body: a spreadsheet's bytes under its media type, or a multipart form with the file.</summary>
    public static RouteHandlerBuilder DocumentsFileBody(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, context, ct) =>
        {
            OpenApiSchema Binary() => new() { Type = JsonSchemaType.String, Format = "binary" };
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The spreadsheet: XLSX, ODS or CSV (UTF-8), as the body with its media type, or as multipart/form-data with a part named file.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [XlsxWriter.ContentType] = new() { Schema = Binary() },
                    [OdsWriter.ContentType] = new() { Schema = Binary() },
                    ["text/csv"] = new() { Schema = Binary() },
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = Binary() },
                            Required = new HashSet<string> { "file" },
                        },
                    },
                },
            };
            return Task.CompletedTask;
        });
}

