using System.Globalization;
using System.Net;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.Security;

/// <summary>The largest request body the server accepts; <c>Limits:MaxRequestBodyBytes</c> in configuration.</summary>
public sealed class RequestLimitSettings
{
    public const long DefaultMaxRequestBodyBytes = 10 * 1024 * 1024;

    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;
}

/// <summary>
/// A body over the limit gets a clear 413: RFC 7807 problem details for the API, a short page for a browser's form
/// post. Kestrel enforces the limit itself, but only when the body is read, and what reaches the user then depends on
/// who reads it: a Razor page's antiforgery check turns it into a bare 400. So the declared length is checked here
/// before anyone reads, and a body without a declared length (chunked) that runs over is caught as Kestrel refuses it.
/// </summary>
public static class RequestLimits
{
    public const string Section = "Limits";

    /// <summary>The most fields one form post may carry (ASP.NET Core's default is 1,024).</summary>
    public const int MaxFormValues = 16 * 1024;

    /// <summary>A declared body up to this many times the limit is read and discarded after the 413, so the client gets to see it.</summary>
    public const int DrainFactor = 4;

    /// <summary>
    /// Sets Kestrel's (and multipart forms') body limit from <c>Limits:MaxRequestBodyBytes</c>, lets a form carry
    /// <see cref="MaxFormValues"/> fields, and drops the Server header.
    /// </summary>
    public static IServiceCollection AddBeaconRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<RequestLimitSettings>().BindConfiguration(Section)
            .Validate(s => s.MaxRequestBodyBytes > 0, "Limits:MaxRequestBodyBytes must be a positive number of bytes");
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitSettings>>((kestrel, limits) =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        services.AddOptions<FormOptions>().Configure<IOptions<RequestLimitSettings>>((form, limits) =>
        {
            form.MultipartBodyLengthLimit = limits.Value.MaxRequestBodyBytes;
            // The entry and review forms post every KPI of the plan at once: TPE 2021's 162 KPIs make about 1,350
            // fields, over the default 1,024, which failed as a bare 400. The body limit above still bounds a form.
            form.ValueCountLimit = MaxFormValues;
        });
        return services;
    }

    /// <summary>
    /// Put it after <c>app.UseRouting()</c>, so an endpoint's own limit counts: <c>[RequestSizeLimit(bytes)]</c> on a
    /// page, <c>.WithMetadata(new RequestSizeLimitAttribute(bytes))</c> on a minimal API.
    /// </summary>
    public static IApplicationBuilder UseRequestSizeLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = LimitFor(context);
        if (limit is { } max && context.Request.ContentLength is { } length && length > max)
        {
            // A client still sending when the server answers and hangs up sees a broken connection, not the answer
            // (browsers, .NET's HttpClient). So a body up to a few times the limit is let in and thrown away after the
            // answer; only a larger one is cut off.
            var drain = length / DrainFactor <= max && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false };
            if (drain) context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
            await TooLargeAsync(context, max, keepAlive: drain);
            if (drain) await DiscardBodyAsync(context);
            return;
        }
        // Without a declared length the body is watched as it is read: whoever reads it may swallow Kestrel's refusal
        // and answer 400 (a minimal API's JSON binding, a Razor page's antiforgery check), and the 413 is put back.
        var watched = context.Request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
            ? new WatchedBody(context.Request.Body)
            : null;
        if (watched is not null) context.Request.Body = watched;
        try
        {
            await next(context);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await TooLargeAsync(context, limit ?? Configured(context), keepAlive: false);
            return;
        }
        finally
        {
            if (watched is not null) context.Request.Body = watched.Inner;
        }
        if (watched?.Refused == true && !context.Response.HasStarted)
            await TooLargeAsync(context, limit ?? Configured(context), keepAlive: false);
    });

    private static long Configured(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<RequestLimitSettings>>().Value.MaxRequestBodyBytes;

    /// <summary>The endpoint's own limit when it declares one (and Kestrel is told so), else the server's.</summary>
    private static long? LimitFor(HttpContext context)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } endpoint)
        {
            if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = endpoint.MaxRequestBodySize;
            return endpoint.MaxRequestBodySize;
        }
        return feature is not null ? feature.MaxRequestBodySize : Configured(context);
    }

    /// <summary>"10 MB" for 10 MiB, "512 KB" for half a MiB.</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024m * 1024m)).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024m).ToString("0.#", CultureInfo.InvariantCulture) + " KB";

    private static async Task DiscardBodyAsync(HttpContext context)
    {
        await context.Response.CompleteAsync();
        var buffer = new byte[64 * 1024];
        try
        {
            while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0) { }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client gave up or was too slow (Kestrel's minimum data rate); the answer is already sent.
        }
    }

    private static async Task TooLargeAsync(HttpContext context, long limit, bool keepAlive)
    {
        var size = Size(limit);
        var response = context.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // A body that is not read to its end leaves the connection unusable: say so.
        if (!keepAlive) response.Headers.Connection = "close";
        if (WantsPage(context.Request))
        {
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync(Page(context.Request, size), context.RequestAborted);
            return;
        }
        var title = $"內容太大（上限 {size}）/ request body too large ({size} at most)";
        await Shared.WriteAnswer.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, title, new Dictionary<string, object?> { ["maxBytes"] = limit });
    }

    private static bool WantsPage(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && (request.HasFormContentType || request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true));

    /// <summary>A page of its own (this folder holds code only), dressed in the site's stylesheet; no script, no inline style.</summary>
    private static string Page(HttpRequest request, string size)
    {
        var en = Ui.English;
        string E(string s) => WebUtility.HtmlEncode(s);
        var back = SameSiteReferrer(request) ?? "/";
        var title = en ? "Too much to send" : "送出的內容太大";
        var text = en
            ? $"What you sent is larger than the {size} limit, so nothing was processed or saved. Make the file smaller or send it in parts, then try again."
            : $"送出的資料超過 {size} 上限，未處理也未儲存任何資料。請縮小檔案或分批送出後再試。";
        return $"""
            <!DOCTYPE html>
            <html lang="{Ui.Lang}">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>{E(title)} · Beacon</title>
                <link rel="stylesheet" href="/css/site.css" />
            </head>
            <body>
                <header class="top"><a class="brand" href="/">{E(Ui.T("app.name"))}</a></header>
                <main id="main">
                    <section class="notfound">
                        <h1>{E(title)}</h1>
                        <p>{E(text)}</p>
                        <p><a href="{E(back)}">{(en ? "Back to the form" : "回到上一頁")}</a> · <a href="/">{E(Ui.T("notFound.back"))}</a></p>
                    </section>
                </main>
            </body>
            </html>
            """;
    }

    /// <summary>The page the form was on, when it is on this site (never an address elsewhere).</summary>
    private static string? SameSiteReferrer(HttpRequest request) =>
        Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referrer)
        && string.Equals(referrer.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
        && referrer.Scheme is "http" or "https"
        && !referrer.PathAndQuery.StartsWith("//", StringComparison.Ordinal)
            ? referrer.PathAndQuery
            : null;

    /// <summary>The request body as it was, noting whether the server refused it for its size.</summary>
    private sealed class WatchedBody(Stream inner) : Stream
    {
        public Stream Inner => inner;
        public bool Refused { get; private set; }

        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            try { return inner.Read(buffer, offset, count); }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (Note(e)) { throw; }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            try { return await inner.ReadAsync(buffer, ct); }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (Note(e)) { throw; }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        // Never true: an exception filter that notes and lets the exception go on unchanged.
        private bool Note(Microsoft.AspNetCore.Http.BadHttpRequestException e)
        {
            if (e.StatusCode == StatusCodes.Status413PayloadTooLarge) Refused = true;
            return false;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
