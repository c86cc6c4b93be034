using System.Data;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace RelocationPlanner.Data.Users;

/// <summary>The roles a user may hold (stored as text; the table has the same CHECK).</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Planner = "planner";
    public const string Engineer = "engineer";
    public const string RelocationOfficer = "relocation_officer";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Planner, Engineer, RelocationOfficer, Admin];

    public static bool IsKnown(string role) => All.Contains(role);
}

/// <summary>A user as <c>rp users list</c> shows it; <paramref name="ExpiresAt"/> is the latest expiry of a live token (UTC).</summary>
public sealed record UserInfo(string Name, string Role, DateTime CreatedAt, DateTime? RevokedAt, long ActiveTokens, DateTime? ExpiresAt, DateTime? LastUsedAt);

/// <summary>The identity behind a token, and when the token expires (UTC).</summary>
public sealed record TokenOwner(string Name, string Role, DateTime ExpiresAt);

/// <summary>What a presented token turned out to be.</summary>
public enum TokenStatus { Valid, Unknown, Expired, Revoked }

/// <summary>The outcome of a token check; <paramref name="Owner"/> is known unless the token is <see cref="TokenStatus.Unknown"/>.</summary>
public sealed record TokenCheck(TokenStatus Status, TokenOwner? Owner)
{
    public static readonly TokenCheck Unknown = new(TokenStatus.Unknown, null);
}

/// <summary>
/// Users and their bearer tokens. A token is 32 random bytes (base64url, prefixed "rp_"); only
/// its SHA-256 is stored, so the token is shown once, when it is made.
/// </summary>
public static partial class UserStore
{
    const string Prefix = "rp_";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")]
    private static partial Regex NamePattern();

    /// <summary>The shape every issued token has: checked before any hashing or database work.</summary>
    [GeneratedRegex("^rp_[A-Za-z0-9_-]{43}$")]
    private static partial Regex TokenPattern();

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public static bool LooksLikeToken(string token) => TokenPattern().IsMatch(token);

    public static string NewToken() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Creates a user whose token lasts the default lifetime (<see cref="TokenExpiry.DefaultDays"/>).</summary>
    public static Task<string> AddAsync(NpgsqlDataSource db, string name, string role, string actingUser, CancellationToken ct) =>
        AddAsync(db, name, role, actingUser, TokenExpiry.Default(DateTime.UtcNow), ct);

    /// <summary>
    /// Creates a user with a first token valid until <paramref name="expiresAt"/> (UTC) and returns
    /// the token (the only time it is visible). The caller's name goes to history as the one who
    /// created the user.
    /// </summary>
    public static async Task<string> AddAsync(NpgsqlDataSource db, string name, string role, string actingUser, DateTime expiresAt, CancellationToken ct)
    {
        if (!IsValidName(name)) throw new ArgumentException("A user name is 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit.", nameof(name));
        if (!Roles.IsKnown(role)) throw new ArgumentException($"Unknown role {role}; one of {string.Join(", ", Roles.All)}.", nameof(role));
        var token = NewToken();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, actingUser, ct);
        await using var cmd = new NpgsqlCommand(SqlResources.Get("add_user.sql"), conn, tx);
        cmd.Parameters.AddWithValue(name);
        cmd.Parameters.AddWithValue(role);
        cmd.Parameters.AddWithValue(Hash(token));
        cmd.Parameters.AddWithValue(DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc));
        await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return token;
    }

    /// <summary>
    /// Revokes every token of a live user and issues a new one valid until <paramref name="expiresAt"/>
    /// (UTC); returns the new token, or null when no live user has that name.
    /// </summary>
    public static async Task<string?> RotateAsync(NpgsqlDataSource db, string name, string actingUser, DateTime expiresAt, CancellationToken ct)
    {
        var token = NewToken();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, actingUser, ct);
        await using var cmd = new NpgsqlCommand(SqlResources.Get("rotate_token.sql"), conn, tx);
        cmd.Parameters.AddWithValue(name);
        cmd.Parameters.AddWithValue(Hash(token));
        cmd.Parameters.AddWithValue(DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc));
        var inserted = await cmd.ExecuteScalarAsync(ct) is not null;
        await tx.CommitAsync(ct);
        return inserted ? token : null;
    }

    /// <summary>Revokes the user and all their tokens; false when no active user has that name.</summary>
    public static async Task<bool> RevokeAsync(NpgsqlDataSource db, string name, string actingUser, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await Database.BeginAsUserAsync(conn, actingUser, ct);
        await using var cmd = new NpgsqlCommand(SqlResources.Get("revoke_user.sql"), conn, tx);
        cmd.Parameters.AddWithValue(name);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var users = r.GetInt64(0);
        await r.CloseAsync();
        await tx.CommitAsync(ct);
        return users > 0;
    }

    public static async Task<List<UserInfo>> ListAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        var list = new List<UserInfo>();
        await using var cmd = db.CreateCommand(SqlResources.Get("list_users.sql"));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new UserInfo(r.GetString("name"), r.GetString("role"), r.GetDateTime("created_at"), r.ValueOrNull<DateTime>("revoked_at"),
                r.GetInt64("active_tokens"), r.ValueOrNull<DateTime>("expires_at"), r.ValueOrNull<DateTime>("last_used_at")));
        return list;
    }

    /// <summary>
    /// Checks a presented token: valid (a live token of a live user, not expired), expired, revoked
    /// (the token or its user), or unknown (malformed or never issued; no database work when malformed).
    /// </summary>
    public static async Task<TokenCheck> CheckAsync(NpgsqlDataSource db, string token, CancellationToken ct)
    {
        if (!LooksLikeToken(token)) return TokenCheck.Unknown;
        // One statement, one round trip: touching last_used_at writes no history (hidden column).
        await using var cmd = db.CreateCommand(SqlResources.Get("find_token.sql"));
        cmd.Parameters.AddWithValue(Hash(token));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return TokenCheck.Unknown;
        var owner = new TokenOwner(r.GetString("name"), r.GetString("role"), r.GetDateTime("expires_at"));
        var status = r.GetBoolean("revoked") ? TokenStatus.Revoked : r.GetBoolean("expired") ? TokenStatus.Expired : TokenStatus.Valid;
        return new TokenCheck(status, owner);
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
