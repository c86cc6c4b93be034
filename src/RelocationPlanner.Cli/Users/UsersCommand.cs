using System.CommandLine;
using System.Globalization;
using Npgsql;
using RelocationPlanner.Cli.Common;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Migrations;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Cli.Users;

/// <summary>
/// rp users add NAME --role ROLE [--expires DATE|Nd] | rotate NAME | revoke NAME | list. Tokens
/// exist only here: add and rotate print the new token once, as the last line; the database keeps
/// only its hash. Every token expires (RP_TOKEN_DAYS days by default, 90).
/// </summary>
public static class UsersCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "User name: letters, digits, '.', '_', '@', '-' (max 64)" };
        var role = new Option<string>("--role", "-r") { Description = "viewer | planner | engineer | relocation_officer | admin", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var expires = ExpiresOption();
        var add = new Command("add", "Create a user and print a new bearer token (last line)") { name, role, expires };
        add.SetAction((r, ct) => AddAsync(r.GetValue(name)!, r.GetValue(role)!, Expiry(r.GetValue(expires)), ct));

        var rotateName = new Argument<string>("name") { Description = "The user whose token is replaced" };
        var rotateExpires = ExpiresOption();
        var rotate = new Command("rotate", "Issue a new token for a user (printed last) and revoke their old ones at once") { rotateName, rotateExpires };
        rotate.SetAction((r, ct) => RotateAsync(r.GetValue(rotateName)!, Expiry(r.GetValue(rotateExpires)), ct));

        var revokeName = new Argument<string>("name") { Description = "The user to revoke" };
        var revoke = new Command("revoke", "Revoke a user and all their tokens") { revokeName };
        revoke.SetAction((r, ct) => RevokeAsync(r.GetValue(revokeName)!, ct));

        var list = new Command("list", "List users, roles, token expiry and when their tokens were last used");
        list.SetAction((_, ct) => ListAsync(ct));

        return new Command("users", "Users and bearer tokens") { add, rotate, revoke, list };
    }

    static Option<string> ExpiresOption()
    {
        var o = new Option<string>("--expires")
        {
            Description = "When the token stops working: a date (start of that day, UTC) or days from now, e.g. 2027-03-01 or 30d (default: RP_TOKEN_DAYS, 90)",
            HelpName = "YYYY-MM-DD|Nd",
        };
        o.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && TokenExpiry.Parse(text, DateTime.UtcNow).Error is { } e) r.AddError("--expires: " + e);
        });
        return o;
    }

    static DateTime Expiry(string? text)
    {
        try
        {
            return text is null ? TokenExpiry.Default(DateTime.UtcNow) : TokenExpiry.Parse(text, DateTime.UtcNow).ExpiresAt!.Value;
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message, 2);
        }
    }

    static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    static async Task<int> AddAsync(string name, string role, DateTime expiresAt, CancellationToken ct)
    {
        if (!UserStore.IsValidName(name))
            throw new CliException("A user name is 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit.", 2);
        await using var db = await OpenAsync(ct);
        string token;
        try
        {
            token = await UserStore.AddAsync(db, name, role, DatabaseUrl.ActingUser(), expiresAt, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new CliException($"User {name} exists (revoked users keep their name; rp users rotate {name} gives a live user a new token).");
        }
        Console.WriteLine($"Created user {name} with role {role}. Its bearer token expires {When(expiresAt)} (shown once, stored only hashed):");
        Console.WriteLine(token);
        return 0;
    }

    static async Task<int> RotateAsync(string name, DateTime expiresAt, CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        var token = await UserStore.RotateAsync(db, name, DatabaseUrl.ActingUser(), expiresAt, ct)
            ?? throw new CliException($"No active user named {name}.");
        Console.WriteLine($"New token for {name}, expires {When(expiresAt)}; their earlier tokens no longer work (shown once, stored only hashed):");
        Console.WriteLine(token);
        return 0;
    }

    static async Task<int> RevokeAsync(string name, CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        if (!await UserStore.RevokeAsync(db, name, DatabaseUrl.ActingUser(), ct))
            throw new CliException($"No active user named {name}.");
        Console.WriteLine($"Revoked {name} and all their tokens.");
        return 0;
    }

    static async Task<int> ListAsync(CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        var users = await UserStore.ListAsync(db, ct);
        static string Time(DateTime? t) => t is { } v ? v.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "-";
        Console.WriteLine($"{"NAME",-24} {"ROLE",-19} {"STATUS",-8} {"TOKENS",6}  {"CREATED (UTC)",-17} {"EXPIRES (UTC)",-17} LAST USED (UTC)");
        foreach (var u in users)
            Console.WriteLine($"{u.Name,-24} {u.Role,-19} {(u.RevokedAt is null ? "active" : "revoked"),-8} {u.ActiveTokens,6}  {Time(u.CreatedAt),-17} {Time(u.ExpiresAt),-17} {(u.LastUsedAt is null ? "never" : Time(u.LastUsedAt))}");
        Console.WriteLine($"{users.Count} user(s)");
        return 0;
    }

    /// <summary>Opens the database and brings its schema up to date (the users table may be new).</summary>
    static async Task<NpgsqlDataSource> OpenAsync(CancellationToken ct)
    {
        var db = Database.CreateDataSource(DatabaseUrl.Resolve(owner: true), "rp-cli"); // only the owner role writes users and tokens
        await Migrator.MigrateAsync(db, DatabaseUrl.AppRole(), ct);
        return db;
    }
}
