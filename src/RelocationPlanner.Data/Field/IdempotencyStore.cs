using Dapper;
using Npgsql;

namespace RelocationPlanner.Data.Field;

/// <summary>A stored first answer: which endpoint and caller, the body's hash, and the answer itself.</summary>
public sealed class StoredAnswer
{
    public required string Endpoint { get; init; }
    public required string UserName { get; init; }
    public required byte[] BodySha256 { get; init; }
    public int Status { get; init; }
    public required string Response { get; init; }
}

/// <summary>Idempotency keys: key + hash of the body + the answer, written in the same transaction as the change.</summary>
public static class IdempotencyStore
{
    /// <summary>Waits for any other request holding <paramref name="key"/>, then returns its stored answer if there is one.</summary>
    public static async Task<StoredAnswer?> LockAndFindAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string key, CancellationToken ct)
    {
        using var grid = await conn.QueryMultipleAsync(new CommandDefinition(SqlResources.Get("fld_idempotency_find.sql"), new { key }, tx, cancellationToken: ct));
        await grid.ReadAsync();
        return await grid.ReadSingleOrDefaultAsync<StoredAnswer>();
    }

    public static async Task StoreAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string key, string endpoint, string user, byte[] hash,
        int status, string response, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("fld_idempotency_insert.sql"),
            new { key, endpoint, user, hash, status, response }, tx, cancellationToken: ct));
}
