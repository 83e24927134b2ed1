using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using MimeKit;

namespace Beacon.Web.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on 127.0.0.1 for the notification tests: smtp4dev (the .NET tool Rnwood.Smtp4dev, pinned in
/// dotnet-tools.json and restored by scripts/test.sh), one process for the whole test run, started on first use and
/// ended when the run ends. Its web API lists what arrived and gives each message whole; it can stop and start its SMTP
/// listener, which is how the tests take the server down and bring it back.
/// </summary>
public sealed class Smtp4dev
{
    private static readonly Lazy<Task<Smtp4dev>> Instance = new(StartAsync);

    /// <summary>The one server of the test run.</summary>
    public static Task<Smtp4dev> SharedAsync() => Instance.Value;

    private readonly Process process;
    private readonly HttpClient api;
    private readonly ConcurrentDictionary<string, MimeMessage> messages = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim serverSwitch = new(1, 1);

    private Smtp4dev(Process process, int smtpPort, Uri web)
    {
        this.process = process;
        SmtpPort = smtpPort;
        api = new HttpClient { BaseAddress = web, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int SmtpPort { get; }

    /// <summary>The app settings that send Beacon's e-mail here.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:Security"] = "None",
        ["Notifications:Smtp:From"] = "Beacon 績效管理 <beacon@test.beacon.tw>",
        ["Notifications:BaseUrl"] = "https://beacon.test.tw",
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<Smtp4dev> StartAsync()
    {
        var smtpPort = FreePort();
        var webPort = FreePort();
        var data = Path.Combine(Path.GetTempPath(), "beacon-smtp4dev", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Chromium.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "tool", "run", "smtp4dev", "--", $"--urls=http://127.0.0.1:{webPort}", $"--smtpport={smtpPort}", "--bindaddress=127.0.0.1",
                     "--hostname=localhost", "--imapport=", "--pop3port=", "--db=", "--nousersettings", "--messagestokeep=100000", "--tlsmode=None",
                 })
            start.ArgumentList.Add(arg);
        start.Environment["XDG_CONFIG_HOME"] = data;
        start.Environment["DOTNET_NOLOGO"] = "1";
        var log = new ConcurrentQueue<string>();
        var process = Process.Start(start) ?? throw new InvalidOperationException("smtp4dev did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(process);

        var server = new Smtp4dev(process, smtpPort, new Uri($"http://127.0.0.1:{webPort}/"));
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"smtp4dev exited with {process.ExitCode}. Is the tool restored (`dotnet tool restore`, which scripts/test.sh runs)?\n{string.Join("\n", log)}");
            try
            {
                if ((await server.api.GetAsync("api/server")).IsSuccessStatusCode && await server.AcceptsAsync()) return server;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        Stop(process);
        throw new TimeoutException($"smtp4dev did not answer within 60 s:\n{string.Join("\n", log)}");
    }

    private static void Stop(Process process)
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
    }

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, SmtpPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Stops (false) or starts (true) the SMTP listener, and waits until the port says so.</summary>
    public async Task SetRunningAsync(bool running)
    {
        await serverSwitch.WaitAsync();
        try
        {
            var settings = await api.GetFromJsonAsync<JsonObject>("api/server") ?? throw new InvalidOperationException("no server settings");
            settings["isRunning"] = running;
            (await api.PostAsJsonAsync("api/server", settings)).EnsureSuccessStatusCode();
            for (var i = 0; i < 100 && await AcceptsAsync() != running; i++) await Task.Delay(100);
            Assert.True(await AcceptsAsync() == running, $"smtp4dev's SMTP listener did not {(running ? "start" : "stop")}");
        }
        finally
        {
            serverSwitch.Release();
        }
    }

    /// <summary>Every message that arrived, parsed (each fetched once).</summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesAsync()
    {
        var list = await api.GetFromJsonAsync<JsonElement>("api/messages?pageSize=100000&page=1");
        var ids = list.GetProperty("results").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        foreach (var id in ids.Where(id => !messages.ContainsKey(id)))
        {
            await using var raw = await api.GetStreamAsync($"api/messages/{id}/raw");
            messages[id] = await MimeMessage.LoadAsync(raw);
        }
        return [.. ids.Select(id => messages[id])];
    }

    /// <summary>The messages to an address whose text contains every one of <paramref name="containing"/>.</summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesToAsync(string address, params string[] containing) =>
        [.. (await MessagesAsync()).Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase))
            && containing.All(c => (m.Subject + "\n" + m.TextBody).Contains(c, StringComparison.Ordinal)))];

    /// <summary>
    /// Waits until <paramref name="done"/> holds for the messages (up to <paramref name="seconds"/>), then, so that a late
    /// duplicate would show, a little longer; returns the messages as they are then.
    /// </summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitAsync(Func<IReadOnlyList<MimeMessage>, bool> done, int seconds = 30, int settleMilliseconds = 800)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(await MessagesAsync()) && DateTime.UtcNow < until) await Task.Delay(250);
        await Task.Delay(settleMilliseconds);
        return await MessagesAsync();
    }
}
