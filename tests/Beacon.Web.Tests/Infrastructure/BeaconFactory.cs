using System.Net;
using Beacon.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Infrastructure;

/// <summary>
/// The whole app on its own fresh database of one kind, started as in production: migrations run and the Taipei
/// dataset (data/plans) is loaded at start-up. It listens on a real loopback port, so the same instance serves
/// <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> and a browser (<see cref="ServerAddress"/>).
/// Share one per database through <see cref="SqliteCollection"/> / <see cref="PostgresCollection"/>: start-up takes a
/// second or two. Tests that change data import plans of their own organisations (<see cref="Dataset.NewOrganisationCode"/>)
/// and leave the dataset's plans as they are.
/// </summary>
public class BeaconFactory(DatabaseKind kind) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? database;
    private bool disposed;

    public DatabaseKind Kind => kind;

    /// <summary>Counts the SQL commands the app sends (see <see cref="QueryCounter"/>).</summary>
    public QueryCounter Queries { get; } = new();

    /// <summary>The database behind the app.</summary>
    public TestDatabase Database => database ?? throw new InvalidOperationException("the factory is not initialised yet");

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234/ — for Playwright's page.GotoAsync.</summary>
    public Uri ServerAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(kind);
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        ServerAddress = new Uri(addresses.Single() + "/");
        ClientOptions.BaseAddress = ServerAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Database.Settings) builder.UseSetting(key, value);
        builder.UseSetting("Dataset:Load", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        builder.ConfigureTestServices(services => services.ConfigureDbContext<BeaconDb>(o => o.AddInterceptors(Queries)));
    }

    /// <summary>
    /// A client with options of its own (no redirects, say), on the real port. The base class's version does not
    /// fit a Kestrel-hosted app: its default address is http://localhost (port 80), and its socket handler follows
    /// redirects whatever AllowAutoRedirect says. Here the options are applied to the socket handler itself.
    /// </summary>
    public new HttpClient CreateClient(WebApplicationFactoryClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = options.AllowAutoRedirect,
            MaxAutomaticRedirections = options.MaxAutomaticRedirections,
            UseCookies = options.HandleCookies,
        };
        var address = options.BaseAddress == DefaultClientAddress ? ServerAddress : options.BaseAddress;
        return new HttpClient(handler) { BaseAddress = address };
    }

    private static readonly Uri DefaultClientAddress = new WebApplicationFactoryClientOptions().BaseAddress;

    /// <summary>A scope of the app's services, for a BeaconDb or a PlanImporter as a request would get them.</summary>
    public AsyncServiceScope CreateScope() => Services.CreateAsyncScope();

    /// <summary>The number of rows in every table of the model, to show that a failed or dry-run import wrote nothing.</summary>
    public async Task<IReadOnlyDictionary<string, int>> RowCountsAsync()
    {
        await using var scope = CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in Tables.All(db)) counts[table] = await db.CountRowsAsync(table);
        return counts;
    }

    public override async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        await base.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

/// <summary>The app on SQLite (a temporary file), shared by every test in <see cref="SqliteCollection"/>.</summary>
public sealed class SqliteBeacon() : BeaconFactory(DatabaseKind.Sqlite);

/// <summary>The app on PostgreSQL (a database of its own on BEACON_TEST_POSTGRES), shared by every test in <see cref="PostgresCollection"/>.</summary>
public sealed class PostgresBeacon() : BeaconFactory(DatabaseKind.Postgres);

/// <summary>Tests against the one shared app on SQLite: <c>[Collection(SqliteCollection.Name)]</c>, constructor parameter <see cref="SqliteBeacon"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteBeacon>
{
    public const string Name = "Beacon on SQLite";
}

/// <summary>Tests against the one shared app on PostgreSQL: <c>[Collection(PostgresCollection.Name)]</c>, constructor parameter <see cref="PostgresBeacon"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresBeacon>
{
    public const string Name = "Beacon on PostgreSQL";
}
