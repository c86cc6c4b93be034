using System.Data;
using Npgsql;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Data.Tiles;

/// <summary>
/// The point a pre-built tile set was built for: the collection's data version, the highest history
/// id and the transactions in progress, all from one snapshot (see tile_mark.sql).
/// </summary>
public sealed record TileMark(long Version, long HistoryId, long[] InProgress);

/// <summary>Bounds of a changed geometry, lon/lat (storage SRID 4326).</summary>
public readonly record struct ChangeBox(double MinLon, double MinLat, double MaxLon, double MaxLat);

/// <summary>
/// What changed in a collection since an earlier <see cref="TileMark"/>: <see cref="Boxes"/> holds the
/// old and new geometry bounds of every changed row when the change is small and fully known; it is
/// null when everything must be rebuilt, and <see cref="FullReason"/> says why.
/// </summary>
public sealed record TileChangeSet(TileMark Mark, int Rows, IReadOnlyList<ChangeBox>? Boxes, string? FullReason);

/// <summary>Reads the history table to find which pre-built tiles a change touches.</summary>
public static class TileChanges
{
    /// <summary>
    /// The current mark and, when <paramref name="since"/> is given, the changes after it — read in
    /// one repeatable-read transaction, so no change slips between the version and the change list.
    /// More than <paramref name="maxRows"/> changed rows, a bulk insert, or a change whose geometry
    /// is not in the history gives a set without boxes (rebuild everything).
    /// </summary>
    public static async Task<TileChangeSet> SinceAsync(NpgsqlDataSource db, CollectionSpec c, TileMark? since, int maxRows, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        TileMark mark;
        await using (var cmd = new NpgsqlCommand(SqlResources.Get("tile_mark.sql"), conn, tx))
        {
            cmd.Parameters.AddWithValue(c.Table);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            mark = new TileMark(r.GetInt64("version"), r.GetInt64("history_id"), r.GetFieldValue<long[]>("in_progress"));
        }
        if (since is null) return new(mark, 0, null, "no earlier set");
        if (maxRows <= 0) return new(mark, 0, null, "partial rebuilds off");

        var boxes = new List<ChangeBox>();
        int rows = 0;
        string? reason = null;
        await using (var cmd = new NpgsqlCommand(SqlResources.Get("tile_changes.sql"), conn, tx))
        {
            cmd.Parameters.AddWithValue(c.Table);
            cmd.Parameters.AddWithValue(since.HistoryId);
            cmd.Parameters.AddWithValue(since.InProgress);
            cmd.Parameters.AddWithValue(maxRows);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (reason is null && await r.ReadAsync(ct))
            {
                if (++rows > maxRows) { reason = $"more than {maxRows} changed rows"; break; }
                if (r.GetBoolean("bulk")) { reason = "bulk insert"; break; }
                var op = r.GetString("op");
                var old = Box(r, "old");
                var @new = Box(r, "new");
                // Every op must carry the geometries it touched: the old one (update, delete), the new one (insert, update).
                if ((op != "insert" && old is null) || (op != "delete" && @new is null)) { reason = "a change without its geometry"; break; }
                if (old is { } o) boxes.Add(o);
                if (@new is { } n && n != old) boxes.Add(n);
            }
        }
        await tx.CommitAsync(ct);
        return reason is null ? new(mark, rows, boxes, null) : new(mark, rows, null, reason);
    }

    /// <summary>The box of the old or new geometry (columns {prefix}_min_x ... {prefix}_max_y); null when there was none.</summary>
    static ChangeBox? Box(NpgsqlDataReader r, string prefix) =>
        r.IsDBNull(prefix + "_min_x") ? null
            : new ChangeBox(r.GetDouble(prefix + "_min_x"), r.GetDouble(prefix + "_min_y"), r.GetDouble(prefix + "_max_x"), r.GetDouble(prefix + "_max_y"));
}
