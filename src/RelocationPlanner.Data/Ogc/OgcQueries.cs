using System.Data;
using Npgsql;
using NpgsqlTypes;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Ogc;
using RelocationPlanner.Core.Spatial;

namespace RelocationPlanner.Data.Ogc;

/// <summary>Reads for the OGC API - Features endpoints: geometries come out of PostGIS as GeoJSON text, features are written by FeatureJson.</summary>
public static class OgcQueries
{
    /// <summary>
    /// Streams up to <paramref name="limit"/> features after id <paramref name="after"/>; yields
    /// (id, the feature as GeoJSON in UTF-8, valid until the next row is asked for).
    /// </summary>
    public static async IAsyncEnumerable<(long Id, ReadOnlyMemory<byte> Json)> ItemsAsync(NpgsqlDataSource db, ItemsQuery q, OgcCrs crs,
        long after, int limit, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = Page("items.sql", q, crs, after, limit, cmd.Parameters);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        // A page streams up to 100 000 rows: the columns are found by name once.
        var feature = new FeatureJson(q.Collection, r);
        while (await r.ReadAsync(ct)) yield return (feature.Id(r), feature.Write(r));
    }

    /// <summary>
    /// Up to <paramref name="limit"/> features after id <paramref name="after"/> (as GeoJSON in
    /// UTF-8) in one round trip with the data version of the collection's table (what
    /// numberMatched is kept under) and, when <paramref name="count"/>, how many the query matches
    /// (items_counted.sql: one statement for both). The count runs under <paramref name="timeout"/>:
    /// when it runs out (PostgreSQL cancels the statement) Rows and Matched are null, the version
    /// is still read. The page is read whole before it is returned, so callers keep it small.
    /// </summary>
    public static async Task<PageRead> PageAsync(NpgsqlDataSource db, ItemsQuery q, OgcCrs crs,
        long after, int limit, bool count, TimeSpan timeout, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(DataVersions.Command(q.Collection.Table));
        if (count) batch.BatchCommands.Add(TimeoutOf(timeout));
        var page = new NpgsqlBatchCommand();
        page.CommandText = Page(count ? "items_counted.sql" : "items.sql", q, crs, after, limit, page.Parameters);
        batch.BatchCommands.Add(page);
        var rows = new List<(long, ReadOnlyMemory<byte>)>(Math.Min(limit, 1000));
        long? matched = null;
        await using var r = await batch.ExecuteReaderAsync(ct);
        var version = await DataVersions.ReadAsync(r, q.Collection.Table, ct);
        try
        {
            if (count) await r.NextResultAsync(ct);
            await r.NextResultAsync(ct);
            var feature = new FeatureJson(q.Collection, r);
            var counted = count ? r.GetOrdinal("matched") : -1;
            while (await r.ReadAsync(ct))
            {
                if (count) matched = r.GetInt64(counted);
                if (feature.HasFeature(r)) rows.Add((feature.Id(r), feature.Write(r).ToArray()));
            }
        }
        catch (PostgresException e) when (count && e.SqlState == PostgresErrorCodes.QueryCanceled && !ct.IsCancellationRequested)
        {
            return new PageRead(null, null, version);
        }
        return new PageRead(rows, matched, version);
    }

    /// <summary>A page statement (items.sql or items_counted.sql): the query's conditions, then the page's own values ($n numbering goes on).</summary>
    static string Page(string file, ItemsQuery q, OgcCrs crs, long after, int limit, NpgsqlParameterCollection parameters)
    {
        // On a copy: the count shares q.Where.
        var w = q.Where.Copy();
        var sql = SqlTemplate.Render(file, q.Collection,
            ("where", w.Sql),
            ("feature", FeatureJson.Columns(q.Collection, crs, w)),
            ("after", w.Bind(after, NpgsqlDbType.Bigint)),
            ("limit", w.Bind(limit, NpgsqlDbType.Integer)));
        w.AddTo(parameters);
        return sql;
    }

    /// <summary>The statement timeout of the batch it opens (local to the batch's implicit transaction).</summary>
    static NpgsqlBatchCommand TimeoutOf(TimeSpan timeout)
    {
        var set = new NpgsqlBatchCommand("SELECT set_config('statement_timeout', $1, true)");
        set.Parameters.AddWithValue(((int)Math.Max(1, timeout.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return set;
    }

    /// <summary>
    /// How many features the query matches, or null when counting takes longer than
    /// <paramref name="timeout"/> (the statement is cancelled by PostgreSQL).
    /// </summary>
    public static async Task<long?> CountAsync(NpgsqlDataSource db, ItemsQuery q, TimeSpan timeout, CancellationToken ct)
    {
        // One round trip: the timeout and the count.
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(TimeoutOf(timeout));
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
            ("feature", FeatureJson.Columns(c, crs, w, decimals)),
            ("id", w.Bind(id, NpgsqlDbType.Bigint)));
        await using var cmd = db.CreateCommand(sql);
        w.AddTo(cmd);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetInt32("version"), System.Text.Encoding.UTF8.GetString(new FeatureJson(c, r).Write(r).Span)) : null;
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
}

/// <summary>A page read whole (null when its count ran out of time), its numberMatched when counted, and the data version read with it.</summary>
public sealed record PageRead(List<(long Id, ReadOnlyMemory<byte> Json)>? Rows, long? Matched, long Version);
