using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Beacon.Web.Tests.Infrastructure;

/// <summary>
/// Counts the SQL commands the app sends, so a test can say "this page loads in a bounded number of queries".
/// One counter per <see cref="BeaconFactory"/>; tests sharing a factory run one at a time (one xunit collection),
/// so a <see cref="Start"/>…<see cref="QueryCount.Count"/> window sees only its own test's commands.
/// </summary>
/// <example><code>
/// var queries = app.Queries.Start();
/// await client.GetAsync("/plans/TPE/2021");
/// Assert.InRange(queries.Count, 1, 20);   // on failure queries.ToString() lists the SQL
/// </code></example>
public sealed class QueryCounter : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> commands = new();
    private int total;

    /// <summary>Every command so far, start-up included.</summary>
    public int Total => Volatile.Read(ref total);

    /// <summary>Starts counting from now.</summary>
    public QueryCount Start() => new(this, Total);

    internal IReadOnlyList<string> Since(int start) => commands.Skip(start).ToList();

    private void Record(DbCommand command)
    {
        // Enqueue before counting, so Since() never misses a counted command.
        commands.Enqueue(command.CommandText);
        Interlocked.Increment(ref total);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }
}

/// <summary>The commands sent since <see cref="QueryCounter.Start"/>.</summary>
public sealed class QueryCount(QueryCounter counter, int start)
{
    public int Count => counter.Total - start;

    public IReadOnlyList<string> Commands => counter.Since(start);

    public override string ToString() => $"{Count} SQL commands:\n" + string.Join("\n---\n", Commands);
}
