using System.Text.Json;
using Dapper;
using Npgsql;

namespace RelocationPlanner.Data.Field;

/// <summary>A household as a field change is judged against (locked for the transaction).</summary>
public sealed class LockedHousehold
{
    public long Id { get; init; }
    public required string Code { get; init; }
    public int Version { get; init; }
    public DateOnly? OldHouseDemolishedOn { get; init; }
    public DateOnly? HomesteadReclaimedOn { get; init; }
    public string? OldHouseExemptReason { get; init; }
    public JsonElement Milestones { get; init; }

    public List<(string Milestone, DateOnly Date)> MilestoneList() =>
        [.. Milestones.EnumerateArray().Select(m => (m.GetProperty("milestone").GetString()!, DateOnly.Parse(m.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture)))];
}

/// <summary>A conflict as the household page lists it.</summary>
public sealed class ConflictRow
{
    public required long Id { get; init; }
    public required long ChangeId { get; init; }
    public required string HouseholdCode { get; init; }
    public required string Kind { get; init; }
    public required long PackageId { get; init; }
    public required JsonElement Change { get; init; }
    public required JsonElement Server { get; init; }
    public required string Reason { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public required string Status { get; init; }
    public required string? ResolvedBy { get; init; }
    public required DateTime? ResolvedAt { get; init; }
    public required string? ResolutionNote { get; init; }
}

/// <summary>The changes the field sends, and the conflicts kept from them.</summary>
public static class FieldChangeStore
{
    public static async Task<LockedHousehold?> LockHouseholdAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string code, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<LockedHousehold>(new CommandDefinition(SqlResources.Get("fld_household_lock.sql"), new { code }, tx, cancellationToken: ct));

    /// <summary>Moves the household's version on after a change; returns the new version.</summary>
    public static async Task<int> TouchAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<int>(new CommandDefinition(SqlResources.Get("fld_household_touch.sql"), new { id }, tx, cancellationToken: ct));

    public static async Task<long> InsertChangeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string key, long package, long household,
        string kind, string body, int baseVersion, string status, double? lon, double? lat, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long>(new CommandDefinition(SqlResources.Get("fld_change_insert.sql"),
            new { key, package, household, kind, body, base_version = baseVersion, status, lon, lat }, tx, cancellationToken: ct));

    public static async Task<long> InsertConflictAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long change, long household, string server, string reason, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long>(new CommandDefinition(SqlResources.Get("fld_conflict_insert.sql"),
            new { change, household, server, reason }, tx, cancellationToken: ct));

    public static async Task<List<ConflictRow>> ListAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string? code, long? id, CancellationToken ct) =>
        [.. await conn.QueryAsync<ConflictRow>(new CommandDefinition(SqlResources.Get("fld_conflicts.sql"), new { code, id }, tx, cancellationToken: ct))];

    /// <summary>Locks a conflict; its status, or null when there is none.</summary>
    public static async Task<string?> LockConflictAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(SqlResources.Get("fld_conflict_lock.sql"), new { id }, tx, cancellationToken: ct));

    public static async Task ResolveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, string status, string? note, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("fld_conflict_resolve.sql"), new { id, status, note }, tx, cancellationToken: ct));
}
