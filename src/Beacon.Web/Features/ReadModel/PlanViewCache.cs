using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.ReadModel;

/// <summary>How much memory each cache of the read model may hold (appsettings <c>ReadModel</c>).</summary>
public sealed class ReadModelOptions
{
    /// <summary>Plans' evaluated views and the cross-plan look-ups of their pages (estimated size).</summary>
    public int ViewMegabytes { get; set; } = 160;

    /// <summary>Whole responses to anonymous readers of approved plans.</summary>
    public int OutputMegabytes { get; set; } = 64;

    /// <summary>Rendered parts of plan pages, shared by every reader of the same plan, stamp, language and audience.</summary>
    public int FragmentMegabytes { get; set; } = 64;

    /// <summary>An entry nobody has read for this long leaves the caches (those of old stamps leave this way).</summary>
    public int IdleMinutes { get; set; } = 10;
}

/// <summary>
/// The app's one cache of plan views and other values derived from stored plans. Keys always carry the stamps they
/// were read under (<see cref="PlanReader"/>), so an entry is never stale: a change makes a new key and the old entry
/// ages out. The cache is bounded by the estimated size of its entries; a value asked for by many requests at once is
/// loaded once, the others wait for it.
/// </summary>
public sealed class PlanViewCache : IDisposable
{
    private readonly MemoryCache cache;
    private readonly ConcurrentDictionary<object, Lazy<Task<object?>>> loading = new();
    private readonly TimeSpan idle;

    public PlanViewCache(IOptions<ReadModelOptions> options)
    {
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.ViewMegabytes * 1024L * 1024L, CompactionPercentage = 0.25 });
        idle = TimeSpan.FromMinutes(options.Value.IdleMinutes);
    }

    /// <summary>
    /// The cached value of this key, or <paramref name="load"/>'s (value, estimated bytes), stored unless null. The load
    /// runs without the caller's cancellation: other requests may be waiting for it.
    /// </summary>
    public async Task<T?> GetAsync<T>(object key, Func<Task<(T? Value, long Bytes)>> load) where T : class
    {
        if (cache.TryGetValue(key, out var found)) return (T?)found;
        var lazy = loading.GetOrAdd(key, k => new Lazy<Task<object?>>(async () =>
        {
            try
            {
                var (value, bytes) = await load();
                if (value is not null)
                    cache.Set(k, value, new MemoryCacheEntryOptions { Size = Math.Max(bytes, 1), SlidingExpiration = idle });
                return value;
            }
            finally
            {
                loading.TryRemove(k, out _);
            }
        }));
        return (T?)await lazy.Value;
    }

    /// <summary>The cached value of this key, without loading it.</summary>
    public T? Peek<T>(object key) where T : class => cache.TryGetValue(key, out var found) ? found as T : null;

    /// <summary>Empties the cache (tests measure cold reads with it).</summary>
    public void Clear() => cache.Compact(1.0);

    public int Count => cache.Count;

    public void Dispose() => cache.Dispose();
}
