namespace Beacon.Web.Features.Authoring;

/// <summary>Plan editing, versions and revisions: the services, the API, and version 1 of plans approved before versions were kept.</summary>
public static class AuthoringSetup
{
    public static IServiceCollection AddBeaconAuthoring(this IServiceCollection services)
    {
        services.AddScoped<PlanEditor>();
        services.AddScoped<PlanCreator>();
        services.AddScoped<PlanVersions>();
        services.AddHostedService<PublishApprovedPlans>();
        return services;
    }

    public static IEndpointRouteBuilder MapAuthoring(this IEndpointRouteBuilder app) => app.MapAuthoringApi();

    /// <summary>
    /// At start, before requests are served (after the migrations and the dataset): every approved plan stored before versions
    /// were kept gets its version 1, so the public keeps reading it while a newer one is prepared.
    /// </summary>
    private sealed class PublishApprovedPlans(IServiceProvider services) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var scope = services.CreateAsyncScope();
            await PlanVersions.PublishApprovedAsync(scope.ServiceProvider, cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
