using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Beacon.Web.Tests.Infrastructure;

/// <summary>One entry the app logged: its level, category (Microsoft.EntityFrameworkCore.Update …) and message.</summary>
public sealed record LogEntry(LogLevel Level, string Category, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : $" ({Exception.GetType().Name}: {Exception.Message})")}";
}

/// <summary>
/// A logger provider of the test app (BeaconFactory.Logs): keeps every entry the app logs at the configured levels
/// (warnings and above), in order, so a test can read what was logged while it ran (<see cref="Mark"/>, <see cref="Since"/>).
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> entries = new();
    private int count;

    /// <summary>How many entries are there now: pass it to <see cref="Since"/> for what is logged after.</summary>
    public int Mark => Volatile.Read(ref count);

    /// <summary>The entries logged after <paramref name="mark"/>.</summary>
    public IReadOnlyList<LogEntry> Since(int mark) => [.. entries.Skip(mark)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private void Add(LogEntry entry)
    {
        entries.Enqueue(entry);
        Interlocked.Increment(ref count);
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Add(new LogEntry(logLevel, category, formatter(state, exception), exception));
    }
}
