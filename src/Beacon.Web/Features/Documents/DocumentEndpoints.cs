using System.Security.Claims;
using Beacon.Web.Data;
using Beacon.Web.Features.Evaluation;
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
            async (string org, int year, string document, string format, HttpContext http, PlanReader reader, ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (DocumentFormats.Parse(format) is not { } f || DocumentCatalog.Find(document) is not { } found || !found.Kind.Formats.Contains(f))
                    return NotFound($"沒有「{document}.{format}」這份文件", $"there is no document '{document}.{format}'");
                var figures = await PlanFigures.LoadAsync(reader, user, org, year, ct);
                if (figures is null)
                    return NotFound($"找不到 {org} {year} 年的計畫（年度請用西元年，例如 2021）", $"no plan for {org} in {year} (years are Gregorian, e.g. 2021)");
                var model = found.Kind.Build(new DocumentRequest(figures, found.Argument, SiteUrl(http)));
                if (model is null)
                    return NotFound($"{org} {year} 年的計畫沒有「{document}」", $"the plan of {org} in {year} has no '{document}'");
                return await FileAsync(http, model, f, ct);
            })
            .WithSummary("A plan's document as a file: map (svg, png, pdf); scorecard, theme-{letter}, report, evaluation, milestones, membership (xlsx, ods, odt, pdf, csv); year is Gregorian")
            .WithDescription("Documents are in the reader's language (?culture=en for English; zh-TW by default, with ROC years). Drafts only for signed-in staff, as the pages. 503 when PDF or PNG cannot be made (Chromium missing).")
            .Produces(StatusCodes.Status200OK, responseType: typeof(byte[]), contentType: XlsxWriter.ContentType, additionalContentTypes: [OdsWriter.ContentType, OdtWriter.ContentType, "application/pdf", "text/csv", "image/svg+xml", "image/png"])
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
        byte[] bytes;
        try
        {
            bytes = format switch
            {
                DocumentFormat.Xlsx => XlsxWriter.Write(model),
                DocumentFormat.Ods => OdsWriter.Write(model),
                DocumentFormat.Odt => OdtWriter.Write(model),
                DocumentFormat.Csv => CsvDocument.Write(model),
                DocumentFormat.Svg => System.Text.Encoding.UTF8.GetBytes(Picture(model).Svg),
                DocumentFormat.Png => await services.GetRequiredService<Chromium>().PngAsync(PictureHtml(Picture(model)), PictureWidth(model), PictureHeight(model), ct),
                _ => await services.GetRequiredService<Chromium>().PdfAsync(services.GetRequiredService<HtmlWriter>().Write(model), ct),
            };
        }
        catch (ChromiumUnavailableException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: e.Message);
        }
        http.Response.Headers.CacheControl = "private, no-cache";
        // filename* carries the Chinese name; the plain filename, for old clients, keeps the ASCII parts and the document's key.
        var disposition = new ContentDispositionHeaderValue("attachment") { FileName = $"\"{AsciiName(model)}.{format.Extension()}\"" };
        disposition.FileNameStar = $"{model.FileStem}.{format.Extension()}";
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return Results.Bytes(bytes, format.ContentType());
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

    private static IResult NotFound(string zh, string en) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{zh} / {en}");
}
