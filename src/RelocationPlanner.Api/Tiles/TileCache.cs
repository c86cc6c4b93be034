using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace RelocationPlanner.Api.Tiles;

/// <summary>A tile's cache key: collection, its data version (the ETag), z, x, y.</summary>
public readonly record struct TileKey(string Collection, long Version, int Z, long X, long Y);

/// <summary>
/// Built tiles of this process. Two parts: tiles built on request, in a bounded memory cache
/// (about 64 MB, sized by bytes, idle entries expire), and tiles the <see cref="TilePrebuilder"/>
/// built ahead for small scales, pinned until a newer data version of their collection is built.
/// Keys carry the data version, so a write makes every older tile of the collection unreachable.
/// </summary>
public sealed class TileCache
{
    readonly MemoryCache _recent = new(new MemoryCacheOptions { SizeLimit = 64L * 1024 * 1024 });
    readonly ConcurrentDictionary<TileKey, byte[]> _pinned = new();

    public bool TryGet(TileKey key, out byte[] bytes)
    {
        if (_pinned.TryGetValue(key, out var pinned) || _recent.TryGetValue(key, out pinned) && pinned is not null)
        {
            bytes = pinned;
            return true;
        }
        bytes = [];
        return false;
    }

    /// <summary>Keeps a tile built on request.</summary>
    public void Add(TileKey key, byte[] bytes) =>
        _recent.Set(key, bytes, new MemoryCacheEntryOptions { Size = Math.Max(bytes.Length, 64), SlidingExpiration = TimeSpan.FromMinutes(30) });

    /// <summary>Keeps a pre-built tile until <see cref="Unpin"/> drops its version.</summary>
    public void Pin(TileKey key, byte[] bytes) => _pinned[key] = bytes;

    /// <summary>Drops the pinned tiles of <paramref name="collection"/> other than those of <paramref name="keepVersion"/>.</summary>
    public void Unpin(string collection, long keepVersion)
    {
        foreach (var key in _pinned.Keys)
            if (key.Collection == collection && key.Version != keepVersion) _pinned.TryRemove(key, out _);
    }
}
