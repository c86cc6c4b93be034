using System.Collections.Concurrent;
using Npgsql;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Ogc;

namespace RelocationPlanner.Api.Ogc;

/// <summary>
/// numberMatched, exact or absent, never estimated (QGIS shows it as the layer's feature count,
/// GDAL as its feature count). The rule:
/// <list type="number">
/// <item>counted by PostgreSQL with the page's own conditions, in the page's own statement for
/// pages up to <see cref="WithPageUpTo"/> features (<c>items_counted.sql</c>: the matches are found
/// once for both; the data version is read in the same round trip), else beside the page on its
/// own connection (<c>count.sql</c>, the same indexes);</item>
/// <item>kept per collection, data version and selection (conditions and values), so the pages
/// after the first, a reload, and every client asking the same cost nothing until a write moves
/// the collection's version;</item>
/// <item>under a time budget (RP_OGC_COUNT_MS, default 1500 ms): a count that does not finish
/// in time is left out of the answer (Part 1 makes numberMatched optional) and not tried again
/// for that version.</item>
/// </list>
/// </summary>
public sealed class MatchCounts(NpgsqlDataSource db, IConfiguration config)
{
    /// <summary>Selections remembered at most; past it the memory starts afresh (counts are cheap to redo).</summary>
    const int MaxEntries = 10_000;

    readonly TimeSpan _budget = TimeSpan.FromMilliseconds(Math.Clamp(config.GetValue("RP_OGC_COUNT_MS", 1500), 10, 60_000));
    readonly ConcurrentDictionary<string, (long Version, long? Count)> _known = new();
    readonly ConcurrentDictionary<string, long> _seen = new();

    /// <summary>Pages up to this size are counted in their own statement (read whole before they are sent); larger ones beside it.</summary>
    public const int WithPageUpTo = 1000;

    public TimeSpan Budget => _budget;

    /// <summary>Whether <paramref name="q"/>'s count at <paramref name="version"/> is known (null in <paramref name="count"/>: it ran out of time).</summary>
    public bool TryKnown(ItemsQuery q, long version, out long? count)
    {
        var found = _known.TryGetValue(Key(q), out var known) && known.Version == version;
        count = found ? known.Count : null;
        return found;
    }

    /// <summary>Keeps a count (null: not countable in time) of <paramref name="q"/> at <paramref name="version"/>.</summary>
    public void Remember(ItemsQuery q, long version, long? count)
    {
        if (_known.Count >= MaxEntries) _known.Clear();
        _known[Key(q)] = (version, count);
    }

    /// <summary>The number of features <paramref name="q"/> matches at <paramref name="version"/>, or null when it could not be counted in time.</summary>
    public async Task<long?> CountAsync(ItemsQuery q, long version, CancellationToken ct)
    {
        if (TryKnown(q, version, out var known)) return known;
        var count = await OgcQueries.CountAsync(db, q, _budget, ct);
        Remember(q, version, count);
        return count;
    }

    static string Key(ItemsQuery q) => q.Collection.Id + "\u0000" + q.Where.Key;

    /// <summary>
    /// The data version of <paramref name="c"/> a request read last (null before any): a page
    /// whose count is known at it is read with the version in the same round trip and the count
    /// checked against the version read (<see cref="OgcQueries.PageAsync"/>), instead of reading
    /// the version first on a connection of its own.
    /// </summary>
    public long? LastSeen(Core.Features.CollectionSpec c) => _seen.TryGetValue(c.Id, out var v) ? v : null;

    /// <summary>Notes the data version a request read (a later write may be noted before an earlier read's: it is only a guess of the next).</summary>
    public void Saw(Core.Features.CollectionSpec c, long version) => _seen[c.Id] = version;

    /// <summary>The collection's data version, the key of every count.</summary>
    public Task<long> VersionAsync(Core.Features.CollectionSpec c, CancellationToken ct) => DataVersions.ReadAsync(db, c.Table, ct);
}
