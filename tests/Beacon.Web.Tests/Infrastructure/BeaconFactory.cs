using System.Net;
using System.Net.Http.Json;
using Beacon.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beacon.Web.Tests.Infrastructure;

/// <summary>
/// The whole app on its own fresh database of one kind, started as in production: migrations run and the Taipei
/// dataset (data/plans) is loaded at start-up. It listens on a real loopback port, so the same instance serves
/// <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> and a browser (<see cref="ServerAddress"/>).
/// Share one per database through <see cref="SqliteCollection"/> / <see cref="PostgresCollection"/>: start-up takes a
/// second or two. Tests that change data import plans of their own organisations (<see cref="Dataset.NewOrganisationCode"/>)
/// and leave the dataset's plans as they are. Given a <paramref name="shared"/> database, the app runs on it (a second
/// instance over one database) and leaves it to its owner.
/// </summary>
public class BeaconFactory(DatabaseKind kind, TestDatabase? shared = null) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? database;
    private bool disposed;

    public DatabaseKind Kind => kind;

    /// <summary>Counts the SQL commands the app sends (see <see cref="QueryCounter"/>).</summary>
    public QueryCounter Queries { get; } = new();

    /// <summary>What the app logs (warnings and above), to show that something was not logged as an error.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>The database behind the app.</summary>
    public TestDatabase Database => database ?? throw new InvalidOperationException("the factory is not initialised yet");

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234/ — for Playwright's page.GotoAsync.</summary>
    public Uri ServerAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        database = shared ?? await TestDatabase.CreateAsync(kind);
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
        builder.UseSetting("Demo:Enabled", "false");
        // The suite signs in and imports far more often than a person would; the limits have tests of their own.
        builder.UseSetting("RateLimits:SignInPerMinute", "100000");
        builder.UseSetting("RateLimits:ImportPerMinute", "100000");
        // The calendar's reminders are written in the background; their tests run an app of their own.
        builder.UseSetting("Notifications:Reminders", "false");
        // Every test signs in from 127.0.0.1: the count per client address would be shared by the whole suite.
        builder.UseSetting("SignIn:AddressFailures", "100000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
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

    private readonly Dictionary<string, string> passwords = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim accounts = new(1, 1);

    /// <summary>The password every test account gets (created only in test databases).</summary>
    public const string TestPassword = "test-password-2021";

    /// <summary>
    /// An account with this role (bound to an organisation and divisions when given), created on first use; the
    /// e-mail address is returned. Accounts are shared by the tests of one factory.
    /// </summary>
    public async Task<string> AccountAsync(string role, string? organisation = null, params string[] divisions)
    {
        var email = $"{role}.{(organisation ?? "all").ToLowerInvariant()}{(divisions.Length == 0 ? "" : "." + string.Join(".", divisions.Select(d => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(d)))))}@test.beacon.tw";
        await accounts.WaitAsync();
        try
        {
            if (passwords.ContainsKey(email)) return email;
            await using var scope = CreateScope();
            var (user, problems) = await scope.ServiceProvider.GetRequiredService<Beacon.Web.Features.Account.UserAdministration>()
                .CreateAsync(new Beacon.Web.Features.Account.NewUser(email, role, TestPassword, organisation, divisions));
            if (user is null) throw new InvalidOperationException($"test account {email}: {string.Join("; ", problems)}");
            passwords[email] = TestPassword;
            return email;
        }
        finally
        {
            accounts.Release();
        }
    }

    /// <summary>A client signed in as an account of this role, with a bearer token from POST /api/token (cookies kept).</summary>
    public async Task<HttpClient> ClientAsAsync(string role, string? organisation = null, params string[] divisions)
    {
        var email = await AccountAsync(role, organisation, divisions);
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/token", new { email, password = TestPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client signed in through the sign-in page (cookie), as a browser would be.</summary>
    public async Task<HttpClient> CookieClientAsAsync(string role, string? organisation = null, params string[] divisions)
    {
        var email = await AccountAsync(role, organisation, divisions);
        var client = CreateClient();
        var form = await client.GetStringAsync("/account/sign-in");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = TestPassword, ["__RequestVerificationToken"] = token,
        }));
        response.EnsureSuccessStatusCode();
        return client;
    }

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
        if (database is not null && shared is null) await database.DisposeAsync();
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
