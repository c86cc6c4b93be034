using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace RelocationPlanner.Data.Audit;

/// <summary>
/// One history row: who changed which row of which table, when, from what to what (JSON text).
/// A bulk insert listed as a whole has no EntityId: RowCount rows, ids EntityIds (a multirange).
/// </summary>
public sealed record AuditEntry(long Id, string Entity, long? EntityId, string? EntityCode, string Op,
    string? OldValues, string? NewValues, string ChangedBy, DateTime ChangedAt, long RowCount, string? EntityIds);

/// <summary>Filters for the audit trail; null means "any". <see cref="Entities"/> restricts to tables the caller may read.</summary>
public sealed record AuditFilter(string? Entity, long? EntityId, string? User, DateTimeOffset? Since, IReadOnlyList<string>? Entities, int Limit);

public static class AuditQueries
{
    public static async Task<List<AuditEntry>> ListAsync(NpgsqlDataSource db, AuditFilter f, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("audit_query.sql"));
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)f.Entity ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)f.EntityId ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)f.User ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = f.Since is { } s ? s.UtcDateTime : DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = f.Entities is { } e ? e.ToArray() : DBNull.Value });
        cmd.Parameters.AddWithValue(f.Limit);
        var list = new List<AuditEntry>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new AuditEntry(r.GetInt64("id"), r.GetString("entity"), r.ValueOrNull<long>("entity_id"), r.TextOrNull("entity_code"),
                r.GetString("op"), r.TextOrNull("old_values"), r.TextOrNull("new_values"), r.GetString("changed_by"), r.GetDateTime("changed_at"),
                r.GetInt64("row_count"), r.TextOrNull("entity_ids")));
        return list;
    }
}
