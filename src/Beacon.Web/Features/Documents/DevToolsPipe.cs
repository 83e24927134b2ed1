using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Beacon.Web.Features.Documents;

/// <summary>A command the browser answered with an error (a page that cannot be printed, a target that is gone).</summary>
public sealed class DevToolsException(string method, string message) : Exception($"{method}: {message}");

/// <summary>
/// The Chrome DevTools protocol over Chromium's <c>--remote-debugging-pipe</c>: each message is one JSON object ended
/// by a NUL byte, written to the browser's file descriptor 3 and read from its descriptor 4 (the streams given here).
/// A command is answered by its id; a page's commands carry the sessionId of a flat session (Target.attachToTarget
/// with flatten), so every page shares the one pipe. Events are awaited one at a time by session and name. When the
/// pipe ends (the browser stopped or crashed), every waiting command fails with an <see cref="IOException"/>.
/// </summary>
public sealed class DevToolsPipe
{
    private readonly Stream toBrowser;
    private readonly Stream fromBrowser;
    private readonly SemaphoreSlim writing = new(1, 1);
    private readonly ConcurrentDictionary<int, (string Method, TaskCompletionSource<JsonElement> Answer)> answers = new();
    private readonly ConcurrentDictionary<(string Session, string Method), TaskCompletionSource<JsonElement>> events = new();
    private int lastId;

    public DevToolsPipe(Stream toBrowser, Stream fromBrowser)
    {
        this.toBrowser = toBrowser;
        this.fromBrowser = fromBrowser;
        Closed = Task.Run(ReadAsync);
    }

    /// <summary>Completes when the browser's end of the pipe closes.</summary>
    public Task Closed { get; }

    /// <summary>Sends a command (to a page when <paramref name="session"/> is given) and returns its result.</summary>
    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters, string? session, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref lastId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        answers[id] = (method, answer);
        try
        {
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
            if (session is not null) message["sessionId"] = session;
            var bytes = JsonSerializer.SerializeToUtf8Bytes(message);
            await writing.WaitAsync(ct);
            try
            {
                if (Closed.IsCompleted) throw Ended();
                // Not cancelled half-way: a message cut short would garble every message after it.
                await toBrowser.WriteAsync(bytes, CancellationToken.None);
                toBrowser.WriteByte(0);
                await toBrowser.FlushAsync(CancellationToken.None);
            }
            finally
            {
                writing.Release();
            }
            return await answer.Task.WaitAsync(ct);
        }
        finally
        {
            answers.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// The next event of this name on this page, with its parameters; ask before sending the command that causes it
    /// (Page.loadEventFired before Page.navigate).
    /// </summary>
    public Task<JsonElement> EventAsync(string session, string method)
    {
        var next = events.GetOrAdd((session, method), _ => new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Closed.IsCompleted) next.TrySetException(Ended());
        return next.Task;
    }

    private async Task ReadAsync()
    {
        var message = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await fromBrowser.ReadAsync(buffer)) > 0)
            {
                var start = 0;
                for (var end = Array.IndexOf(buffer, (byte)0, 0, read); end >= 0; end = Array.IndexOf(buffer, (byte)0, start, read - start))
                {
                    message.Write(buffer, start, end - start);
                    Dispatch(message.GetBuffer().AsMemory(0, (int)message.Length));
                    message.SetLength(0);
                    // A large answer (a PNG) does not leave its buffer behind for the pipe's lifetime.
                    if (message.Capacity > 1024 * 1024) message = new MemoryStream();
                    start = end + 1;
                }
                message.Write(buffer, start, read - start);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or JsonException)
        {
            // The browser is gone, or wrote something that is not the protocol: either way the pipe is over.
        }
        finally
        {
            foreach (var (_, waiting) in answers) waiting.Answer.TrySetException(Ended());
            foreach (var (_, waiting) in events) waiting.TrySetException(Ended());
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("id", out var id))
        {
            if (!answers.TryRemove(id.GetInt32(), out var waiting)) return;
            if (root.TryGetProperty("error", out var error))
                waiting.Answer.TrySetException(new DevToolsException(waiting.Method, error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : error.GetRawText()));
            else
                waiting.Answer.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
        }
        else if (root.TryGetProperty("method", out var method) && root.TryGetProperty("sessionId", out var session)
                 && events.TryRemove((session.GetString()!, method.GetString()!), out var listener))
        {
            listener.TrySetResult(root.TryGetProperty("params", out var parameters) ? parameters.Clone() : default);
        }
    }

    private static IOException Ended() => new("Chromium closed the DevTools pipe");
}
