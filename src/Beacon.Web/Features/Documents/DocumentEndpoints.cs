using System.Security.Claims;
using Beacon.Core.Comparison;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Comparison;
using Beacon.Web.Features.Evaluation;
using Microsoft.AspNetCore.Mvc;
using Beacon.Web.Features.ReadModel;
using Microsoft.Net.Http.Headers;

namespace Beacon.Web.Features.Documents;

/// <summary>The stylesheets and scripts a printed document uses, read once from wwwroot.</summary>
public sealed class DocumentAssets(IWebHostEnvironment environment)
{
    private readonly Lazy<string> documentCss = new(() => File.ReadAllText(Path.Combine(environment.WebRootPath, "css", "document.css")));
    private readonly Lazy<string> printCss = new(() => File.ReadAllText(Path.Combine(environment.WebRootPath, "css", "print.css")));

    public string DocumentCss => documentCss.Value;
    public string PrintCss => printCss.Value;

    /// <summary>The bundled charting library (wwwroot/lib, copied there at build), as a file address Chromium loads.</summary>
    public string ChartLibraryUri => new Uri(Path.Combine(environment.WebRootPath, "lib", "chart.js", "chart.umd.min.js")).AbsoluteUri;
    public string ChartScriptUri => new Uri(Path.Combine(environment.WebRootPath, "js", "charts.js")).AbsoluteUri;
}

/// <summary>
/// GET /api/orgs/{org}/plans/{year}/documents/{document}.{format} and GET /api/evaluations/{year}/report.{format}:
/// the documents as files, each built by <see cref="DocumentCatalog"/> and written by its format's writer. Visibility
/// is the pages': a plan this reader may not see, a document the plan lacks, or a format the document does not
/// come in is a 404.
/// </summary>
public static class DocumentEndpoints
{
    public static IServiceCollection AddBeaconDocuments(this IServiceCollection services) => services
        .AddSingleton<DocumentAssets>()
        .AddSingleton<HtmlWriter>()
        .AddSingleton<Chromium>();

    public static IEndpointRouteBuilder MapBeaconDocuments(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Documents");

        api.MapGet("/orgs/{org}/plans/{year:int}/documents/{document}.{format}",
            async (string org, int year, string document, string format, [FromQuery(Name = "with")] int? with, string? kind, PerspectiveKind? perspective, ItemLevel? level,
                HttpContext http, BeaconDb db, PlanReader reader, ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (DocumentFormats.Parse(format) is not { } f || DocumentCatalog.Find(document) is not { } found || !found.Kind.Formats.Contains(f))
                    return NotFound($"沒有「{document}.{format}」這份文件", $"there is no document '{document}.{format}'");
                var figures = await PlanFigures.LoadAsync(reader, user, org, year, ct);
                if (figures is null)
                    return NotFound($"找不到 {org} {year} 年的計畫（年度請用西元年，例如 2021）", $"no plan for {org} in {year} (years are Gregorian, e.g. 2021)");
                var request = new DocumentRequest(figures, found.Argument, SiteUrl(http));
                if (found.Kind.ComparesYears)
                {
                    if (!string.IsNullOrEmpty(kind) && kind != ComparisonFilter.AllRows && !Enum.TryParse<ChangeKind>(kind, ignoreCase: true, out _))
                        return Shared.WriteAnswer.Bilingual(StatusCodes.Status400BadRequest,
                            $"kind「{kind}」不是修正類別：請用 all 或 {string.Join("、", Enum.GetNames<ChangeKind>())}", $"kind '{kind}' is not a kind of change: use all or {string.Join(", ", Enum.GetNames<ChangeKind>())}");
                    var years = await ComparisonSource.YearsAsync(db, user, org, ct);
                    if ((with ?? ComparisonSource.DefaultOther([.. years.Where(y => y != year)], year)) is not { } other)
                        return NotFound($"{figures.Plan.Organisation.Name} 沒有其他年度的計畫可供比較", $"{org} has no plan of another year to compare with");
                    if (other == year)
                        return Shared.WriteAnswer.Bilingual(StatusCodes.Status400BadRequest,
                            $"請選擇另一個年度來比較：with 與計畫年度相同（{year}）", $"choose another year to compare with: with is the plan's own year ({year})");
                    var otherFigures = await PlanFigures.LoadAsync(reader, user, org, other, ct);
                    if (otherFigures is null)
                    {
                        var missing = ComparisonSource.Missing(org, other);
                        return NotFound(missing.Message!, missing.MessageEn!);
                    }
                    request = request with { Other = otherFigures, Filter = new ComparisonFilter(kind, perspective, level) };
                }
                var model = found.Kind.Build(request);
                if (model is null)
                    return NotFound($"{org} {year} 年的計畫沒有「{document}」", $"the plan of {org} in {year} has no '{document}'");
                return await FileAsync(http, model, f, ct);
            })
            .WithSummary("A plan's document as a file: map (svg, png, pdf); scorecard, theme-{letter}, report, evaluation, milestones, membership, compare (xlsx, ods, odt, pdf, csv); year is Gregorian")
            .WithDescription("Documents are in the reader's language (?culture=en for English; zh-TW by default, with ROC years). Drafts only for signed-in staff, as the pages. 503 when PDF or PNG cannot be made (Chromium missing). "
                + "compare is the revision comparison (修正對照表) with another year of the organisation, as the page /orgs/{org}/{year}/compare: with (Gregorian; by default the latest earlier year, else the earliest later one), "
                + "and the page's filters kind (all, or a kind of change; by default every changed row), perspective and level; the other documents ignore them. 400 for with equal to the year or an unknown kind.")
            .Produces(StatusCodes.Status200OK, responseType: typeof(byte[]), contentType: XlsxWriter.ContentType, additionalContentTypes: [OdsWriter.ContentType, OdtWriter.ContentType, "application/pdf", "text/csv", "image/svg+xml", "image/png"])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/evaluations/{year:int}/report.{format}",
            async (int year, string format, HttpContext http, PlanReader reader, BeaconDb db, ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (DocumentFormats.Parse(format) is not { } f || !DocumentFormats.Tables.Contains(f))
                    return NotFound($"沒有「report.{format}」這份文件", $"there is no document 'report.{format}'");
                var summary = await EvaluationSummary.LoadAsync(reader, db, year, user, ct);
                if (summary.Organisations.Count == 0)
                    return NotFound($"{year} 年沒有可顯示的計畫", $"no plan to show for {year}");
                return await FileAsync(http, EvaluationsReport.Build(summary), f, ct);
            })
            .WithSummary("The year's evaluation report across organisations (as /evaluations/{year}) as xlsx, ods, odt, pdf or csv; year is Gregorian")
            .Produces(StatusCodes.Status200OK, responseType: typeof(byte[]), contentType: XlsxWriter.ContentType, additionalContentTypes: [OdsWriter.ContentType, OdtWriter.ContentType, "application/pdf", "text/csv"])
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>The document written in the format, as a download named after organisation, year and document.</summary>
    public static async Task<IResult> FileAsync(HttpContext http, DocumentModel model, DocumentFormat format, CancellationToken ct)
    {
        var services = http.RequestServices;
        byte[] bytes = [];
        Stream? pdf = null;
        try
        {
            if (format == DocumentFormat.Pdf)
                pdf = await services.GetRequiredService<Chromium>().PdfAsync(services.GetRequiredService<HtmlWriter>().Write(model), ct);
            else
                bytes = format switch
                {
                    DocumentFormat.Xlsx => XlsxWriter.Write(model),
                    DocumentFormat.Ods => OdsWriter.Write(model),
                    DocumentFormat.Odt => OdtWriter.Write(model),
                    DocumentFormat.Csv => CsvDocument.Write(model),
                    DocumentFormat.Svg => System.Text.Encoding.UTF8.GetBytes(Picture(model).Svg),
                    _ => await services.GetRequiredService<Chromium>().PngAsync(PictureHtml(Picture(model)), PictureWidth(model), PictureHeight(model), ct),
                };
        }
        catch (ChromiumUnavailableException e)
        {
            return Shared.WriteAnswer.Problem(StatusCodes.Status503ServiceUnavailable, e.Message);
        }
        http.Response.Headers.CacheControl = "private, no-cache";
        // filename* carries the Chinese name; the plain filename, for old clients, keeps the ASCII parts and the document's key.
        var disposition = new ContentDispositionHeaderValue("attachment") { FileName = $"\"{AsciiName(model)}.{format.Extension()}\"" };
        disposition.FileNameStar = $"{model.FileStem}.{format.Extension()}";
        http.Response.Headers.ContentDisposition = disposition.ToString();
        // The PDF is sent from its temporary file, which is deleted when the stream is closed after the response.
        if (pdf is not null) http.Response.RegisterForDisposeAsync(pdf);
        return pdf is not null ? Results.Stream(pdf, format.ContentType()) : Results.Bytes(bytes, format.ContentType());
    }

    private static string AsciiName(DocumentModel model)
    {
        var ascii = System.Text.RegularExpressions.Regex.Replace(model.FileStem, "[^A-Za-z0-9_.-]+", "");
        return System.Text.RegularExpressions.Regex.Replace($"{ascii}_{model.Key}", "_+", "_").Trim('_');
    }

    private static PictureBlock Picture(DocumentModel model) => model.Sections.SelectMany(s => s.Blocks).OfType<PictureBlock>().First();

    private static (int Width, int Height) PictureSize(DocumentModel model)
    {
        var svg = Picture(model).Svg;
        var box = System.Text.RegularExpressions.Regex.Match(svg, "viewBox=\"0 0 ([0-9.]+) ([0-9.]+)\"");
        return box.Success
            ? ((int)Math.Ceiling(double.Parse(box.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)),
               (int)Math.Ceiling(double.Parse(box.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)))
            : (1400, 1000);
    }

    private static int PictureWidth(DocumentModel model) => PictureSize(model).Width;
    private static int PictureHeight(DocumentModel model) => PictureSize(model).Height;

    private static string PictureHtml(PictureBlock picture) =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>html,body{{margin:0;background:#fff}}svg{{display:block}}</style></head><body>{picture.Svg}</body></html>";

    /// <summary>The site's own address as the reader reached it (behind a proxy, as forwarded headers say).</summary>
    private static string SiteUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    private static IResult NotFound(string zh, string en) => Shared.WriteAnswer.NotFound(zh, en);
}
