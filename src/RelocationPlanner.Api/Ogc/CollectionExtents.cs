using System.Collections.Concurrent;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Ogc;
using RelocationPlanner.Core.Spatial;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Ogc;

namespace RelocationPlanner.Api.Ogc;

/// <summary>
/// Collection extents (spatial, and temporal for the dated collections) kept per data version:
/// ST_Extent reads every row of the table (200k roads), and /ogc/collections asks for all seven
/// on every request. A version read is one index probe. An extent computed after its version was
/// read may include a later write: it is replaced at the next version, never served for a newer one.
/// </summary>
public sealed class CollectionExtents(NpgsqlDataSource db)
{
    public sealed record Extent(LonLatBox? Box, DaySpan? Days);

    readonly ConcurrentDictionary<string, (long Version, Extent Extent)> _byCollection = new();

    /// <summary>The lon/lat box of the collection's geometries; null when it has none.</summary>
    public async Task<LonLatBox?> GetAsync(CollectionSpec c, CancellationToken ct) => (await GetBothAsync(c, ct)).Box;

    public async Task<Extent> GetBothAsync(CollectionSpec c, CancellationToken ct)
    {
        long version = await DataVersions.ReadAsync(db, c.Table, ct);
        if (_byCollection.TryGetValue(c.Id, out var known) && known.Version == version) return known.Extent;
        var extent = new Extent(await OgcQueries.ExtentAsync(db, c, ct), await OgcQueries.TemporalExtentAsync(db, c, ct));
        _byCollection[c.Id] = (version, extent);
        return extent;
    }
}
