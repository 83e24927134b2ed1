using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Beacon.Reliability;

/// <summary>
/// Beacon as its own process (<c>dotnet beacon.dll</c>, the build beside the harness) on a loopback port, on one
/// database, as a deployment runs it: the harness can kill it with SIGKILL mid-request, restart it, and read its memory
/// from /proc. Its output goes to a log file in the run's folder.
/// </summary>
public sealed class BeaconProcess : IAsyncDisposable
{
    private readonly Process process;

    private BeaconProcess(Process process, Uri address, string log)
    {
        this.process = process;
        Address = address;
        Log = log;
    }

    public Uri Address { get; }
    public string Log { get; }
    public int Id => process.Id;
    public bool Exited => process.HasExited;

    /// <summary>The settings every harness server has: production, no demo accounts, limits out of the way of the load.</summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Demo__Enabled"] = "false",
        ["Dataset__Load"] = "false",
        ["RateLimits__SignInPerMinute"] = "1000000",
        ["RateLimits__ImportPerMinute"] = "1000000",
        ["SignIn__AddressFailures"] = "1000000",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning",
    };

    public static string BeaconDll => Path.Combine(AppContext.BaseDirectory, "beacon.dll");

    /// <summary>Starts the server and waits until /readyz answers 200 (migrations applied).</summary>
    public static async Task<BeaconProcess> StartAsync(HarnessDatabase database, string folder, IReadOnlyDictionary<string, string>? settings = null,
        int? port = null, TimeSpan? patience = null)
    {
        Directory.CreateDirectory(folder);
        port ??= FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var log = Path.Combine(folder, $"beacon-{port}-{DateTime.UtcNow:HHmmssfff}.log");
        var start = Command(database, folder, settings, "--urls", address.ToString().TrimEnd('/'));
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (writer) writer.Flush(); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new BeaconProcess(process, address, log);
        // A harness stopped with Ctrl-C or SIGTERM takes its server with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { if (!process.HasExited) process.Kill(); } catch (InvalidOperationException) { } };
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"beacon exited with {process.ExitCode} before it was ready; see {log}:\n{Tail(log)}");
            try
            {
                if ((await client.GetAsync("readyz")).StatusCode == HttpStatusCode.OK) return server;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (waited.Elapsed > (patience ?? TimeSpan.FromMinutes(2)))
            {
                await server.KillAsync();
                throw new TimeoutException($"beacon was not ready after {waited.Elapsed.TotalSeconds:0} s; see {log}:\n{Tail(log)}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Runs a command (<c>beacon users add …</c>, <c>beacon import …</c>) on the database; throws with its output when it fails.</summary>
    public static async Task<string> CommandAsync(HarnessDatabase database, string folder, string? input, params string[] args)
    {
        Directory.CreateDirectory(folder);
        var start = Command(database, folder, null, args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        using var process = Process.Start(start)!;
        if (input is not null) await process.StandardInput.WriteLineAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"beacon {string.Join(" ", args)} exited with {process.ExitCode}: {await error}{await output}");
        return await output;
    }

    private static ProcessStartInfo Command(HarnessDatabase database, string folder, IReadOnlyDictionary<string, string>? settings, params string[] args)
    {
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { WorkingDirectory = folder, UseShellExecute = false };
        start.ArgumentList.Add(BeaconDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in Defaults) start.Environment[key] = value;
        foreach (var (key, value) in database.Environment) start.Environment[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return start;
    }

    /// <summary>A loopback port nobody listens on (there is a moment between asking and using it; good enough on one machine).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>kill -9: no shutdown, no flush, no chance to finish the request in hand.</summary>
    public async Task KillAsync()
    {
        if (process.HasExited) return;
        _ = Signal(process.Id, 9);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd stops a service: the host finishes what it is doing and exits.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited) return;
        _ = Signal(process.Id, 15);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await process.WaitForExitAsync(patience.Token); }
        catch (OperationCanceledException) { await KillAsync(); }
    }

    /// <summary>The most memory the process has held (VmHWM, resident), in bytes; 0 once it has exited.</summary>
    public long PeakMemoryBytes => StatusBytes("VmHWM:");

    public long MemoryBytes => StatusBytes("VmRSS:");

    private long StatusBytes(string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { return 0; }
    }

    public static string Tail(string log, int lines = 30)
    {
        try { return string.Join("\n", File.ReadLines(log).TakeLast(lines)); }
        catch (IOException) { return ""; }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Signal(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
    }
}
