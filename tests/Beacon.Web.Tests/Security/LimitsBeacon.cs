using Beacon.Web.Features.Security;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Security;

/// <summary>
/// The app with limits low enough to reach in a test (3 sign-in attempts and 2 imports a minute, 64 KB bodies), plus
/// a few probe endpoints that stand for the real ones (<see cref="ProbeEndpoints"/>). Its own SQLite database, no
/// dataset: the limits are about requests, not data.
/// </summary>
public sealed class LimitsBeacon() : BeaconFactory(DatabaseKind.Sqlite)
{
    public const int SignInPerMinute = 3;
    public const int ImportPerMinute = 2;
    public const long MaxBodyBytes = 64 * 1024;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dataset:Load", "false");
        builder.UseSetting("RateLimits:SignInPerMinute", SignInPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:ImportPerMinute", ImportPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Limits:MaxRequestBodyBytes", MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, ProbeEndpoints>());
    }
}

public sealed record ProbeBody(string Text);

/// <summary>
/// Endpoints that exist only in this test app, chosen before the app's own routing (which then keeps them), so each
/// request still passes through the app's whole pipeline — headers, size limits, authentication, the rate limiter —
/// as a request to a real endpoint with the same metadata would:
/// <list type="bullet">
/// <item>POST /probe/sign-in and /probe/import: limited by <see cref="RateLimits.SignIn"/> / <see cref="RateLimits.Import"/>;</item>
/// <item>POST /probe/read: reads the whole body as the import endpoint does and says how long it was;
/// /probe/read-1k and /probe/read-256k do the same with limits of their own;</item>
/// <item>POST /probe/json: binds a JSON body as a minimal API does (<see cref="ProbeBody"/>);</item>
/// <item>POST /probe/form: reads a form and says how many fields it had.</item>
/// </list>
/// </summary>
public sealed class ProbeEndpoints : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var bound = RequestDelegateFactory.Create((ProbeBody body) => Results.Text(body.Text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new RequestDelegateFactoryOptions { ServiceProvider = app.ApplicationServices });
        var endpoints = new Dictionary<string, Endpoint>(StringComparer.Ordinal)
        {
            ["/probe/sign-in"] = new(Ok, new EndpointMetadataCollection(new EnableRateLimitingAttribute(RateLimits.SignIn)), "probe sign-in"),
            ["/probe/import"] = new(Ok, new EndpointMetadataCollection(new EnableRateLimitingAttribute(RateLimits.Import)), "probe import"),
            ["/probe/read"] = new(ReadAsync, EndpointMetadataCollection.Empty, "probe read"),
            ["/probe/read-1k"] = new(ReadAsync, new EndpointMetadataCollection(new RequestSizeLimitAttribute(1024)), "probe read 1 KB"),
            ["/probe/read-256k"] = new(ReadAsync, new EndpointMetadataCollection(new RequestSizeLimitAttribute(256 * 1024)), "probe read 256 KB"),
            ["/probe/json"] = new(bound.RequestDelegate, new EndpointMetadataCollection(bound.EndpointMetadata), "probe json"),
            ["/probe/form"] = new(FormAsync, EndpointMetadataCollection.Empty, "probe form"),
        };
        app.Use((context, nextMiddleware) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && endpoints.TryGetValue(context.Request.Path.Value ?? "", out var endpoint))
                context.SetEndpoint(endpoint);
            return nextMiddleware(context);
        });
        next(app);
    };

    private static Task Ok(HttpContext context) => context.Response.WriteAsync("ok");

    private static async Task ReadAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        await context.Response.WriteAsync(text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task FormAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        await context.Response.WriteAsync(form.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
