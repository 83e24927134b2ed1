using Beacon.Web.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Beacon.Web.Features.Operations;

/// <summary>
/// Running Beacon for real (docs/deployment.md): the Data Protection key ring in the database (so sign-ins made by one
/// instance hold on the others), health and readiness, metrics, and a request id in every problem answer.
/// </summary>
public static class OperationsSetup
{
    /// <summary>The header that carries the request id on every answer (the same id as in the logs and problem details).</summary>
    public const string RequestIdHeader = "X-Request-Id";

    public static IServiceCollection AddBeaconOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDataProtection().SetApplicationName("Beacon").PersistKeysToDbContext<BeaconDb>();
        services.AddBeaconHealth();
        services.AddBeaconTelemetry(configuration);
        // Every problem answer names its request, whoever writes it (endpoints, rate limits, size limits, the
        // exception handler, status code pages), so a person reporting an error can quote the id the log shows.
        services.Configure<ProblemDetailsOptions>(o =>
        {
            var earlier = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                earlier?.Invoke(context);
                context.ProblemDetails.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
            };
        });
        return services;
    }

    /// <summary>Put it right after the security headers: the request id header, and the metrics of every answer.</summary>
    public static IApplicationBuilder UseBeaconOperations(this IApplicationBuilder app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        return app.UseBeaconMetrics();
    }

    public static IEndpointRouteBuilder MapBeaconOperations(this IEndpointRouteBuilder app) =>
        app.MapBeaconHealth().MapBeaconTelemetry();
}
