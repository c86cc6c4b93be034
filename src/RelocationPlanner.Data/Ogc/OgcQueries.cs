using System.Data;
using Npgsql;
using NpgsqlTypes;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Ogc;
using RelocationPlanner.Core.Spatial;

namespace RelocationPlanner.Data.Ogc;

/// <summary>Reads for the OGC API - Features endpoints: GeoJSON comes out of PostGIS as text.</summary>
public static class OgcQueries
{
    /// <summary>Streams up to <paramref name="limit"/> features after id <paramref name="after"/>; yields (id, feature JSON).</summary>
    public static async IAsyncEnumerable<(long Id, string Json)> ItemsAsync(NpgsqlDataSource db, ItemsQuery q, OgcCrs crs,
        long after, int limit, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var c = q.Collection;
        // The page's own values follow the conditions' ($n numbering continues), on a copy: the count shares q.Where.
        var w = q.Where.Copy();
        var sql = SqlTemplate.Render("items.sql", c,
            ("where", w.Sql),
            ("geometry", GeometryIn(crs, w, out var decimals)),
            ("decimals", decimals),
            ("after", w.Bind(after, NpgsqlDbType.Bigint)),
            ("limit", w.Bind(limit, NpgsqlDbType.Integer)));
        await using var cmd = db.CreateCommand(sql);
        w.AddTo(cmd);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        // A page streams up to 10 000 rows: the columns are found by name once.
        var (id, feature) = (r.GetOrdinal("id"), r.GetOrdinal("feature"));
        while (await r.ReadAsync(ct)) yield return (r.GetInt64(id), r.GetString(feature));
    }

    /// <summary>
    /// How many features the query matches, or null when counting takes longer than
    /// <paramref name="timeout"/> (the statement is cancelled by PostgreSQL).
    /// </summary>
    public static async Task<long?> CountAsync(NpgsqlDataSource db, ItemsQuery q, TimeSpan timeout, CancellationToken ct)
    {
        // One round trip: the timeout (local to the batch's implicit transaction) and the count.
        await using var batch = db.CreateBatch();
        var set = new NpgsqlBatchCommand("SELECT set_config('statement_timeout', $1, true)");
        set.Parameters.AddWithValue(((int)Math.Max(1, timeout.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        batch.BatchCommands.Add(set);
        var count = new NpgsqlBatchCommand(SqlTemplate.Render("count.sql", q.Collection, ("where", q.Where.Sql)));
        q.Where.AddTo(count.Parameters);
        batch.BatchCommands.Add(count);
        try
        {
            await using var r = await batch.ExecuteReaderAsync(ct);
            await r.NextResultAsync(ct);
            await r.ReadAsync(ct);
            return r.GetInt64("matched");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// One feature in <paramref name="crs"/> with its version (the ETag), or null. Coordinates have
    /// the CRS's decimals (about 1 cm) unless <paramref name="decimals"/> says (15: as stored, for a merge patch's base).
    /// </summary>
    public static async Task<(int Version, string Json)?> ItemAsync(NpgsqlDataSource db, CollectionSpec c, long id, OgcCrs crs, CancellationToken ct, int? decimals = null)
    {
        var w = new SqlWhere();
        var sql = SqlTemplate.Render("item.sql", c,
            ("geometry", GeometryIn(crs, w, out var places, decimals)),
            ("decimals", places),
            ("id", w.Bind(id, NpgsqlDbType.Bigint)));
        await using var cmd = db.CreateCommand(sql);
        w.AddTo(cmd);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetInt32("version"), r.GetString("feature")) : null;
    }

    /// <summary>The lon/lat bounding box of a collection's geometries; null when it has none.</summary>
    public static async Task<LonLatBox?> ExtentAsync(NpgsqlDataSource db, CollectionSpec c, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlTemplate.Render("extent.sql", c));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return r.IsDBNull("min_lon") ? null : new LonLatBox(r.GetDouble("min_lon"), r.GetDouble("min_lat"), r.GetDouble("max_lon"), r.GetDouble("max_lat"));
    }

    /// <summary>The first work date and the last completion of a dated collection (null end: still open); null when it has no dates.</summary>
    public static async Task<DaySpan?> TemporalExtentAsync(NpgsqlDataSource db, CollectionSpec c, CancellationToken ct)
    {
        if (!Queryables.IsDated(c)) return null;
        await using var cmd = db.CreateCommand(SqlTemplate.Render("temporal_extent.sql", c));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        if (r.IsDBNull("first_day")) return null;
        return new DaySpan(r.GetFieldValue<DateOnly>("first_day"), r.ValueOrNull<DateOnly>("last_day"));
    }

    /// <summary>
    /// The geometry column as the response CRS wants it: untouched for CRS84 (storage), else
    /// transformed (the SRID a bound value) and, for north-first CRSs, with its axes flipped.
    /// </summary>
    static string GeometryIn(OgcCrs crs, SqlWhere w, out string decimals, int? places = null)
    {
        decimals = w.Bind(places ?? crs.Decimals, NpgsqlDbType.Integer);
        var g = crs.Srid == 4326 ? "t.geom" : $"ST_Transform(t.geom, {w.Bind(crs.Srid, NpgsqlDbType.Integer)})";
        return crs.NorthFirst ? $"ST_FlipCoordinates({g})" : g;
    }

}
