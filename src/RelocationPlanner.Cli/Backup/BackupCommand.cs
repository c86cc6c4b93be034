using System.CommandLine;
using System.Diagnostics;
using Npgsql;
using RelocationPlanner.Cli.Common;
using RelocationPlanner.Data;

namespace RelocationPlanner.Cli.Backup;

/// <summary>
/// rp backup -o FILE (pg_dump custom format) and rp restore FILE (pg_restore --clean --if-exists,
/// in one transaction: a failed restore leaves the database as it was). Connection details go to
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
            await PgToolAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", "--no-password", "-d", db!, file.FullName], ct);
            Console.WriteLine($"Restored database {db} from {file.FullName}.");
            return 0;
        });
        return cmd;
    }

    static NpgsqlConnectionStringBuilder Target() => new(Database.ToConnectionString(DatabaseUrl.Resolve()));

    static async Task PgToolAsync(string tool, string[] args, CancellationToken ct)
    {
        var b = Target();
        var psi = new ProcessStartInfo(ToolPath(tool), args) { RedirectStandardError = true };
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
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new CliException($"{tool} failed ({process.ExitCode}): {(await stderr).Trim()}");
    }

    /// <summary>RP_PG_BIN, else Debian's PostgreSQL 15 tools (same major as the server tools/pg runs), else PATH.</summary>
    static string ToolPath(string tool)
    {
        foreach (var dir in new[] { Environment.GetEnvironmentVariable("RP_PG_BIN"), "/usr/lib/postgresql/15/bin" })
            if (!string.IsNullOrEmpty(dir) && File.Exists(Path.Combine(dir, tool))) return Path.Combine(dir, tool);
        return tool;
    }
}
