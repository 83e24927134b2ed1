using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Infrastructure;

/// <summary>The shared fixtures themselves: a real port for browsers, clients with options, the query counter.</summary>
public abstract class BeaconFactoryTests(BeaconFactory app)
{
    [Fact]
    public async Task The_app_answers_on_a_real_loopback_port()
    {
        Assert.Equal("127.0.0.1", app.ServerAddress.Host);
        Assert.NotEqual(0, app.ServerAddress.Port);
        using var browserLike = new HttpClient();

        var response = await browserLike.GetAsync(new Uri(app.ServerAddress, "api/orgs"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_client_with_options_talks_to_the_same_app()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/lang/en?returnUrl=/api/orgs");

        Assert.True(HttpStatusCode.Redirect == response.StatusCode, $"{response.StatusCode} {response.RequestMessage?.RequestUri}");
        Assert.Equal("/api/orgs", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_query_counter_counts_only_what_happened_since_it_started()
    {
        // Read once before, so the list is kept: the read counted is the organisations' key and the plans' digest.
        (await app.CreateClient().GetAsync("/api/orgs")).EnsureSuccessStatusCode();
        // On SQLite the two sums are themselves kept until the database changes: forgotten, so both databases ask them.
        app.Services.GetRequiredService<Beacon.Web.Data.ChangeWatch>().Forget();
        var idle = app.Queries.Start();
        var queries = app.Queries.Start();

        (await app.CreateClient().GetAsync("/api/orgs")).EnsureSuccessStatusCode();

        Assert.Equal(2, queries.Count);
        Assert.Contains(queries.Commands, c => c.Contains("\"Organisations\"", StringComparison.Ordinal));
        Assert.Equal(2, idle.Count);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BeaconFactoryOnSqlite(SqliteBeacon app) : BeaconFactoryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class BeaconFactoryOnPostgres(PostgresBeacon app) : BeaconFactoryTests(app);
