using System.CommandLine;
using Npgsql;
using RelocationPlanner.Cli.Common;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Migrations;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Cli.Users;

/// <summary>
/// rp users add NAME --role ROLE | revoke NAME | list. Tokens exist only here: `add` prints the
/// new token once, as its last line; the database keeps only its hash.
/// </summary>
public static class UsersCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        var name = new Argument<string>("name") { Description = "User name: letters, digits, '.', '_', '@', '-' (max 64)" };
        var role = new Option<string>("--role", "-r") { Description = "viewer | planner | engineer | relocation_officer | admin", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var add = new Command("add", "Create a user and print a new bearer token (last line)") { name, role };
        add.SetAction((r, ct) => Guarded(() => AddAsync(r.GetValue(name)!, r.GetValue(role)!, ct)));

        var revokeName = new Argument<string>("name") { Description = "The user to revoke" };
        var revoke = new Command("revoke", "Revoke a user and all their tokens") { revokeName };
        revoke.SetAction((r, ct) => Guarded(() => RevokeAsync(r.GetValue(revokeName)!, ct)));

        var list = new Command("list", "List users, roles, and when their tokens were last used");
        list.SetAction((_, ct) => Guarded(() => ListAsync(ct)));

        var root = new RootCommand("Users and bearer tokens of RelocationPlanner") { add, revoke, list };
        return root.Parse(args).InvokeAsync();
    }

    static async Task<int> AddAsync(string name, string role, CancellationToken ct)
    {
        if (!UserStore.IsValidName(name))
            throw new CliException("A user name is 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit.");
        await using var db = await OpenAsync(ct);
        string token;
        try
        {
            token = await UserStore.AddAsync(db, name, role, DatabaseUrl.ActingUser(), ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new CliException($"User {name} exists (revoked users keep their name).");
        }
        Console.WriteLine($"Created user {name} with role {role}. Its bearer token (shown once, stored only hashed):");
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
        Console.WriteLine($"{"NAME",-24} {"ROLE",-19} {"STATUS",-8} {"TOKENS",6}  {"CREATED (UTC)",-17} LAST USED (UTC)");
        foreach (var u in users)
            Console.WriteLine($"{u.Name,-24} {u.Role,-19} {(u.RevokedAt is null ? "active" : "revoked"),-8} {u.ActiveTokens,6}  {u.CreatedAt:yyyy-MM-dd HH:mm}  {(u.LastUsedAt is { } t ? t.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "never")}");
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

    internal static async Task<int> Guarded(Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (CliException e)
        {
            Console.Error.WriteLine("rp: " + e.Message);
            return e.ExitCode;
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine("rp: database error: " + e.Message);
            return 1;
        }
    }
}
