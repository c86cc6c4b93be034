using System.Data;
using System.CommandLine;
using System.Diagnostics;
using Npgsql;
using RelocationPlanner.Cli.Common;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Migrations;

namespace RelocationPlanner.Cli.Backup;

/// <summary>
/// rp backup -o FILE (pg_dump custom format) and rp restore FILE (pg_restore --clean --if-exists,
/// in one transaction: a failed restore leaves the database as it was), both as the owner role. Connection details go to
/// pg_dump/pg_restore through PG* environment variables, so a password never shows in `ps`.
/// </summary>
public static class BackupCommand
{
    public static Command CreateBackup()
    {
        var output = RpCli.OutputOption("The backup file to write (pg_dump custom format)", required: true);
        var cmd = new Command("backup", "Back up the database with pg_dump -Fc") { output };
        cmd.SetAction(async (r, ct) =>
        {
            var file = r.GetValue(output)!;
            await PgToolAsync("pg_dump", ["-Fc", "--no-password", "-f", file.FullName], ct);
            file.Refresh();
            Console.WriteLine($"Backed up database {Target().Database} to {file.FullName} ({file.Length:N0} bytes).");
            return 0;
        });
        return cmd;
    }

    public static Command CreateRestore()
    {
        var input = new Argument<FileInfo>("file") { Description = "A file written by rp backup" };
        input.AcceptExistingOnly();
        var cmd = new Command("restore", "Restore the database from an rp backup (replaces its tables; stop the service first)") { input };
        cmd.SetAction(async (r, ct) =>
        {
            var file = r.GetValue(input)!;
            var db = Target().Database;
            var list = Path.GetTempFileName();
            try
            {
                await File.WriteAllLinesAsync(list, await RestorableEntriesAsync(file, ct), ct);
                await PgToolAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error", "--no-password",
                    "-L", list, "-d", db!, file.FullName], ct);
            }
            finally
            {
                File.Delete(list);
            }
            // The backup may predate this version, and carries no privileges: migrate and grant.
            await using (var owner = Database.CreateDataSource(Target().ConnectionString, "rp restore"))
                await Migrator.MigrateAsync(owner, DatabaseUrl.AppRole(), ct);
            Console.WriteLine($"Restored database {db} from {file.FullName}.");
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// The backup's table of contents without what belongs to the database's administrator: the
    /// extensions (PostGIS needs a superuser; the owner role may not drop or create it) and the rows
    /// of extension tables (spatial_ref_sys). Privileges (--no-acl) are the service's to grant: its
    /// migrate step at start grants the application role, whatever that role is called here.
    /// </summary>
    static async Task<List<string>> RestorableEntriesAsync(FileInfo file, CancellationToken ct)
    {
        var extensionTables = new List<string>();
        await using (var conn = new NpgsqlConnection(Target().ConnectionString))
        {
            await conn.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand(
                "SELECT format(' TABLE DATA %s %s ', n.nspname, c.relname) AS toc_entry FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'", conn);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) extensionTables.Add(r.GetString("toc_entry"));
        }
        var toc = await PgToolAsync("pg_restore", ["-l", file.FullName], ct);
        return toc.Split('\n').Where(line => !line.Contains(" EXTENSION - ", StringComparison.Ordinal)
            && !line.Contains(" COMMENT - EXTENSION ", StringComparison.Ordinal)
            && !extensionTables.Any(t => line.Contains(t, StringComparison.Ordinal))).ToList();
    }

    /// <summary>The owner role: pg_dump reads every table and pg_restore drops and re-creates them.</summary>
    static NpgsqlConnectionStringBuilder Target() => new(Database.ToConnectionString(DatabaseUrl.Resolve(owner: true)));

    /// <summary>Runs a PostgreSQL client tool against the target; returns its standard output.</summary>
    static async Task<string> PgToolAsync(string tool, string[] args, CancellationToken ct)
    {
        var b = Target();
        var psi = new ProcessStartInfo(ToolPath(tool), args) { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.Environment["PGHOST"] = b.Host ?? "127.0.0.1";
        psi.Environment["PGPORT"] = b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["PGDATABASE"] = b.Database ?? "relocation";
        if (b.Username is { } u) psi.Environment["PGUSER"] = u;
        if (b.Password is { } p) psi.Environment["PGPASSWORD"] = p;
        if (b.SslMode != SslMode.Prefer) psi.Environment["PGSSLMODE"] = b.SslMode.ToString().ToLowerInvariant().Replace("verifyca", "verify-ca").Replace("verifyfull", "verify-full");
        Process p0;
        try
        {
            p0 = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new CliException($"{tool} not found: install postgresql-client-15 or set RP_PG_BIN.");
        }
        using var process = p0;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new CliException($"{tool} failed ({process.ExitCode}): {(await stderr).Trim()}");
        return await stdout;
    }

    /// <summary>RP_PG_BIN, else Debian's PostgreSQL 15 tools (same major as the server tools/pg runs), else PATH.</summary>
    static string ToolPath(string tool)
    {
        foreach (var dir in new[] { Environment.GetEnvironmentVariable("RP_PG_BIN"), "/usr/lib/postgresql/15/bin" })
            if (!string.IsNullOrEmpty(dir) && File.Exists(Path.Combine(dir, tool))) return Path.Combine(dir, tool);
        return tool;
    }
}
