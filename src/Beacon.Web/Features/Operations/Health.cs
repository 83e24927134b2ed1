using System.Data.Common;
using System.Text.Json;
using Beacon.Web.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Beacon.Web.Features.Operations;

/// <summary>
/// <c>/healthz</c>: the process is alive and answers (no check runs; a load balancer's liveness probe). <c>/readyz</c>:
/// the database is reachable and its schema is exactly this version's — no migration pending, none unknown — so the
/// instance can take requests. 200 when healthy, 503 when not, with a JSON body naming each check.
/// </summary>
public static class Health
{
    public const string Ready = "ready";

    public static IServiceCollection AddBeaconHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapBeaconHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, Json));
    }

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>The database answers, every migration of this version is applied, and none it does not know is.</summary>
public sealed class DatabaseReadyCheck(BeaconDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("the database cannot be reached");
            var known = db.Database.GetMigrations().ToList();
            var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
            var pending = known.Except(applied).ToList();
            if (pending.Count > 0)
                return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied yet: {string.Join(", ", pending)}");
            var unknown = applied.Except(known).ToList();
            if (unknown.Count > 0)
                return HealthCheckResult.Unhealthy($"the database has migrations this version does not know (a newer schema): {string.Join(", ", unknown)}");
            return HealthCheckResult.Healthy($"{applied.Count} migrations applied, the last {applied[^1]}");
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"the database cannot be reached: {e.Message}");
        }
    }
}
