using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Beacon.Reliability;
using Npgsql;
using Xunit.Abstractions;

namespace Beacon.Web.Tests.Reliability;

/// <summary>
/// Two Beacon instances over one PostgreSQL database behind nginx (Debian's package) terminating TLS, as
/// docs/deployment.md sets them up. They start at the same moment on an empty database and take turns: the
/// migrations, the dataset and the Data Protection key are made once. A sign-in made through one instance holds on the
/// other, the antiforgery token of one is accepted by the other, failed sign-ins are counted across both, cookies are
/// Secure because nginx says the request was HTTPS, and the JSON logs carry each problem answer's request id.
/// </summary>
public sealed partial class TwoInstancesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string folder = QuickRuns.Folder("two-instances");
    private HarnessDatabase database = null!;
    private readonly List<BeaconProcess> instances = [];
    private Process? nginx;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        database = await HarnessDatabase.CreateAsync(Beacon.Reliability.DatabaseKind.Postgres);
    }

    public async Task DisposeAsync()
    {
        if (nginx is { HasExited: false }) { nginx.Kill(); await nginx.WaitForExitAsync(); }
        foreach (var instance in instances) await instance.DisposeAsync();
        await database.DisposeAsync();
        foreach (var log in Directory.GetFiles(folder, "*.log")) output.WriteLine($"--- {Path.GetFileName(log)}\n{BeaconProcess.Tail(log, 15)}");
    }

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Dataset__Load"] = "true",
        ["ForwardedHeaders__Enabled"] = "true",
        ["SignIn__AddressFailures"] = "20",
        ["Logging__Console__FormatterName"] = "json",
        ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
        ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
    };

    [Fact]
    public async Task Two_instances_behind_nginx_share_start_up_sign_ins_and_failure_counts()
    {
        // Both start at once on the empty database.
        var started = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => BeaconProcess.StartAsync(database, folder, Settings, patience: TimeSpan.FromMinutes(4))));
        instances.AddRange(started);
        var (a, b) = (started[0], started[1]);
        await using (var connection = new NpgsqlConnection(database.PostgresConnection))
        {
            await connection.OpenAsync();
            async Task<long> CountAsync(string sql) { await using var c = new NpgsqlCommand(sql, connection); return (long)(await c.ExecuteScalarAsync())!; }
            Assert.Equal(await CountAsync("SELECT COUNT(DISTINCT \"MigrationId\") FROM \"__EFMigrationsHistory\""), await CountAsync("SELECT COUNT(*) FROM \"__EFMigrationsHistory\""));
            var datasetPlans = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "plans"), "*.json").Length;
            Assert.Equal(datasetPlans, await CountAsync("SELECT COUNT(*) FROM \"Plans\""));
            Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM \"DataProtectionKeys\""));
            Assert.Equal(5, await CountAsync("SELECT COUNT(*) FROM \"AspNetRoles\""));
        }
        const string email = "planner@two.beacon.tw";
        await BeaconProcess.CommandAsync(database, folder, Fixture.Password, "users", "add", email, "--role", "planner", "--password-stdin");
        var proxy = await StartNginxAsync(a.Address, b.Address);

        // Sign in through nginx, with the form of whichever instance answers, posted to whichever comes next.
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = cookies,
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        }) { BaseAddress = proxy };
        var form = await browser.GetAsync("account/sign-in");
        var token = Token().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        var signIn = await browser.PostAsync("account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = Fixture.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.NotEqual(Upstream(form), Upstream(signIn));
        var authCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("beacon.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", authCookie, StringComparison.OrdinalIgnoreCase);

        // The cookie holds on both instances, through nginx and directly.
        var served = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            var me = await browser.GetAsync("api/me");
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            served.Add(Upstream(me));
        }
        Assert.Equal(2, served.Count);
        var cookie = cookies.GetCookies(proxy)["beacon.auth"]!.Value;
        foreach (var instance in started)
        {
            using var direct = new HttpClient { BaseAddress = instance.Address };
            direct.DefaultRequestHeaders.Add("Cookie", $"beacon.auth={cookie}");
            Assert.Equal(email, (await direct.GetFromJsonAsync<JsonElement>("api/me")).GetProperty("name").GetString());
        }

        // A bearer token from one instance is good on the other.
        using var script = await Fixture.SignInAsync(a.Address, email);
        using var other = new HttpClient { BaseAddress = b.Address };
        other.DefaultRequestHeaders.Authorization = script.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("api/me")).StatusCode);

        // Failed sign-ins are counted in the database: five spread over both instances slow the sixth, on either.
        var stranger = $"nobody.{Guid.NewGuid():N}@two.beacon.tw";
        var statuses = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            using var client = new HttpClient { BaseAddress = started[i % 2].Address };
            statuses.Add((int)(await client.PostAsJsonAsync("api/token", new { email = stranger, password = "wrong-password-2026" })).StatusCode);
        }
        Assert.Equal([401, 401, 401, 401, 401, 429], statuses);

        // JSON logs: the request id of a problem answer is in the log line of that request.
        using var anonymous = new HttpClient { BaseAddress = a.Address };
        var missing = await anonymous.GetAsync("api/orgs/NO-SUCH-ORG/plans");
        var requestId = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString()!;
        var found = false;
        for (var attempt = 0; attempt < 50 && !found; attempt++)
        {
            await Task.Delay(100);
            found = File.ReadLines(a.Log).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement)
                .Any(l => l.TryGetProperty("Scopes", out var scopes) && scopes.ToString().Contains($"\"RequestId\":\"{requestId}\"", StringComparison.Ordinal));
        }
        Assert.True(found, $"no JSON log line of {a.Log} has RequestId {requestId}:\n{BeaconProcess.Tail(a.Log)}");
    }

    private static string Upstream(HttpResponseMessage response) => response.Headers.GetValues("X-Upstream").Single();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    /// <summary>nginx in the foreground, in a folder of its own, with a certificate made for the test; the server block is docs/deployment.md's.</summary>
    private async Task<Uri> StartNginxAsync(Uri a, Uri b)
    {
        var dir = Path.Combine(folder, "nginx");
        Directory.CreateDirectory(dir);
        await RunAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-keyout", Path.Combine(dir, "key.pem"), "-out", Path.Combine(dir, "cert.pem"));
        var port = BeaconProcess.FreePort();
        var config = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log {{dir}}/access.log;
                client_body_temp_path {{dir}}/body;
                proxy_temp_path {{dir}}/proxy;
                fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi;
                scgi_temp_path {{dir}}/scgi;
                upstream beacon {
                    server {{a.Authority}};
                    server {{b.Authority}};
                }
                server {
                    listen 127.0.0.1:{{port}} ssl;
                    ssl_certificate {{dir}}/cert.pem;
                    ssl_certificate_key {{dir}}/key.pem;
                    client_max_body_size 11m;
                    location / {
                        proxy_pass http://beacon;
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        add_header X-Upstream $upstream_addr always;
                    }
                }
            }
            """);
        nginx = Process.Start(new ProcessStartInfo(File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx", ["-c", config, "-p", dir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var address = new Uri($"https://127.0.0.1:{port}/");
        using var probe = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { BaseAddress = address };
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(100))
        {
            if (nginx.HasExited) throw new InvalidOperationException($"nginx exited: {await nginx.StandardError.ReadToEndAsync()}");
            try { if ((await probe.GetAsync("healthz")).IsSuccessStatusCode) return address; }
            catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(30)) { }
        }
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program}: {await error}");
    }
}
