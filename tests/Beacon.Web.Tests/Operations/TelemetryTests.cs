using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Beacon.Core.Plans;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.AspNetCore.Hosting;

namespace Beacon.Web.Tests.Operations;

/// <summary>The app with <c>Telemetry:Exporter=prometheus</c>, no dataset.</summary>
public sealed class PrometheusBeacon() : BeaconFactory(DatabaseKind.Sqlite)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dataset:Load", "false");
        builder.UseSetting("Telemetry:Exporter", "prometheus");
    }
}

/// <summary>
/// The metrics a deployment watches (docs/deployment.md, "What to monitor"), scraped as Prometheus would: requests
/// and durations from ASP.NET Core, and Beacon's writes, conflicts, imports, sign-ins and evaluation time.
/// </summary>
public sealed partial class PrometheusTests(PrometheusBeacon app) : IClassFixture<PrometheusBeacon>
{
    [Fact]
    public async Task Writes_conflicts_imports_sign_ins_and_evaluations_are_counted_and_scraped()
    {
        var plan = Dataset.NewPlan() with { Organisation = Dataset.NewPlan().Organisation with { Parent = null } };
        var planner = await app.ApiClientAsync(Persona.Planner, plan.Organisation.Code);
        Assert.Equal(HttpStatusCode.OK, (await planner.PostAsync("/api/import?dryRun=true", EvaluationKit.Json(PlanJson.Write(plan)))).StatusCode);
        var org = await app.ImportAsPlannerAsync(plan);
        var editor = await app.ApiClientAsync(Persona.Editor, org);
        await editor.PutOkAsync(org, MatrixKit.Kpi, "self", """{"innovation":70,"challenge":70,"contribution":70,"version":0}""");
        Assert.Equal(HttpStatusCode.Conflict, (await editor.PutAsIsAsync(org, MatrixKit.Kpi, "self", """{"innovation":60,"challenge":60,"contribution":60,"version":0}""")).StatusCode);
        await editor.EvaluationAsync(org);
        using var stranger = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.PostAsJsonAsync("/api/token", new { email = "nobody@metrics.beacon.tw", password = "wrong-password-2021" })).StatusCode);

        var scrape = await app.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        var text = await scrape.Content.ReadAsStringAsync();
        // The Beacon meter is one per process: apps of other tests running beside this one add to its counts, so at least.
        Assert.True(Value(text, "beacon_imports_total", "beacon_outcome=\"imported\"") >= 1, text);
        Assert.True(Value(text, "beacon_imports_total", "beacon_outcome=\"checked\"") >= 1, text);
        Assert.True(Value(text, "beacon_writes_total", "beacon_outcome=\"saved\"", "http_route=\"/api/orgs/{org}/plans/{year:int}/kpis/{code}/self\"") >= 1, text);
        Assert.True(Value(text, "beacon_writes_total", "beacon_outcome=\"conflict\"") >= 1, text);
        Assert.True(Value(text, "beacon_conflicts_total", "http_route=\"/api/orgs/{org}/plans/{year:int}/kpis/{code}/self\"") >= 1, text);
        Assert.True(Value(text, "beacon_sign_ins_total", "beacon_outcome=\"refused\"") >= 1, text);
        Assert.True(Value(text, "beacon_evaluation_duration_seconds_count") >= 1, text);
        Assert.True(Value(text, "http_server_request_duration_seconds_count", "http_route=\"/api/import\"", "http_response_status_code=\"200\"") >= 2, text);
        Assert.Contains("# TYPE dotnet_gc_heap_total_allocated_bytes_total counter", text);
    }

    /// <summary>The sum of the samples of a metric whose labels include all of these.</summary>
    private static double Value(string scrape, string metric, params string[] labels)
    {
        var samples = Sample().Matches(scrape).Where(m => m.Groups["name"].Value == metric && labels.All(l => m.Groups["labels"].Value.Contains(l, StringComparison.Ordinal))).ToList();
        Assert.True(samples.Count > 0, $"no {metric} with {string.Join(", ", labels)} in\n{scrape}");
        return samples.Sum(m => double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)\{(?<labels>.*)\} (?<value>[0-9.e+-]+)\r?$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}

/// <summary>The app with <c>Telemetry:Exporter=otlp</c>, pushing every second to a collector that this test plays.</summary>
public sealed class OtlpBeacon() : BeaconFactory(DatabaseKind.Sqlite)
{
    public OtlpCollector Collector { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dataset:Load", "false");
        builder.UseSetting("Telemetry:Exporter", "otlp");
        builder.UseSetting("Telemetry:OtlpEndpoint", Collector.Address + "v1/metrics");
        builder.UseSetting("Telemetry:ExportIntervalSeconds", "1");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Collector.Dispose();
    }
}

/// <summary>An OTLP/HTTP receiver on a loopback port: keeps what is posted to it.</summary>
public sealed class OtlpCollector : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly List<(string Path, string? ContentType, byte[] Body)> received = [];

    public OtlpCollector()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Address = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Address);
        listener.Start();
        _ = Task.Run(ReceiveAsync);
    }

    public string Address { get; }

    public IReadOnlyList<(string Path, string? ContentType, byte[] Body)> Received { get { lock (received) return [.. received]; } }

    private async Task ReceiveAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (received) received.Add((context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose() => listener.Close();
}

public sealed class OtlpTests(OtlpBeacon app) : IClassFixture<OtlpBeacon>
{
    [Fact]
    public async Task Metrics_are_pushed_to_the_collector_the_settings_name()
    {
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/token", new { email = "nobody@otlp.beacon.tw", password = "wrong-password-2021" })).StatusCode);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!app.Collector.Received.Any(r => Contains(r.Body, "beacon.sign_ins")) && waited.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(200);

        var export = app.Collector.Received.FirstOrDefault(r => Contains(r.Body, "beacon.sign_ins"));
        Assert.True(export.Body is not null, $"{app.Collector.Received.Count} exports, none with beacon.sign_ins");
        Assert.Equal("/v1/metrics", export.Path);
        Assert.Equal("application/x-protobuf", export.ContentType);
        Assert.Contains(app.Collector.Received, r => Contains(r.Body, "http.server.request.duration"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
