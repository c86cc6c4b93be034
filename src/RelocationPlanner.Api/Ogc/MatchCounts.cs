using System.Collections.Concurrent;
using Npgsql;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Ogc;

namespace RelocationPlanner.Api.Ogc;

/// <summary>
/// numberMatched, exact or absent, never estimated (QGIS shows it as the layer's feature count,
/// GDAL as its feature count). The rule:
/// <list type="number">
/// <item>counted by PostgreSQL with the page's own conditions (<c>count.sql</c>, the same indexes);</item>
/// <item>kept per collection, data version and selection (conditions and values), so the pages
/// after the first, a reload, and every client asking the same cost nothing until a write moves
/// the collection's version;</item>
/// <item>under a time budget (RP_OGC_COUNT_MS, default 1500 ms): a count that does not finish
/// in time is left out of the answer (Part 1 makes numberMatched optional) and not tried again
/// for that version.</item>
/// </list>
/// The count runs beside the page (its own connection), so it adds its cost, not its latency.
/// </summary>
public sealed class MatchCounts(NpgsqlDataSource db, IConfiguration config)
{
    /// <summary>Selections remembered at most; past it the memory starts afresh (counts are cheap to redo).</summary>
    const int MaxEntries = 10_000;

    readonly TimeSpan _budget = TimeSpan.FromMilliseconds(Math.Clamp(config.GetValue("RP_OGC_COUNT_MS", 1500), 10, 60_000));
    readonly ConcurrentDictionary<string, (long Version, long? Count)> _known = new();

    public TimeSpan Budget => _budget;

    /// <summary>The number of features <paramref name="q"/> matches at <paramref name="version"/>, or null when it could not be counted in time.</summary>
    public async Task<long?> CountAsync(ItemsQuery q, long version, CancellationToken ct)
    {
        var key = q.Collection.Id + "\u0000" + q.Where.Key;
        if (_known.TryGetValue(key, out var known) && known.Version == version) return known.Count;
        var count = await OgcQueries.CountAsync(db, q, _budget, ct);
        if (_known.Count >= MaxEntries) _known.Clear();
        _known[key] = (version, count);
        return count;
    }

    /// <summary>The collection's data version, the key of every count.</summary>
    public Task<long> VersionAsync(Core.Features.CollectionSpec c, CancellationToken ct) => DataVersions.ReadAsync(db, c.Table, ct);
}
