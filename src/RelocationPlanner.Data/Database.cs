using Npgsql;
using RelocationPlanner.Core.GeoJson;

namespace RelocationPlanner.Data;

/// <summary>Connection set-up shared by the service, the CLI and the tests.</summary>
public static class Database
{
    /// <summary>
    /// Accepts a PostgreSQL URL (postgresql://user:pass@host:port/db?sslmode=...) or an Npgsql
    /// connection string, as RP_DATABASE_URL may hold either.
    /// </summary>
    public static string ToConnectionString(string urlOrConnectionString)
    {
        if (!urlOrConnectionString.StartsWith("postgres://", StringComparison.Ordinal) &&
            !urlOrConnectionString.StartsWith("postgresql://", StringComparison.Ordinal))
            return urlOrConnectionString;
        var uri = new Uri(urlOrConnectionString);
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            b.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length > 1) b.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
            b[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
        }
        return b.ConnectionString;
    }

    /// <summary>The data source of the CLI, tests and tools: with several hosts, whichever is the primary now.</summary>
    public static NpgsqlDataSource CreateDataSource(string urlOrConnectionString, string applicationName = "relocation-planner") =>
        CreateDataSources(urlOrConnectionString, applicationName).Primary;

    /// <summary>
    /// The service's data sources. One host (the default): one data source for everything and no
    /// standby. Several hosts (<c>Host=a:5432,b:5432</c>, PostgreSQL's streaming replication): writes
    /// go to whichever host is the primary now (found again after a failover), and reads that
    /// tolerate lag to a hot standby, or to the primary while no standby answers.
    /// </summary>
    public static (NpgsqlDataSource Primary, NpgsqlDataSource? Standby) CreateDataSources(string urlOrConnectionString, string applicationName = "relocation-planner")
    {
        var builder = Builder(urlOrConnectionString, applicationName);
        if (!builder.ConnectionStringBuilder.Host!.Contains(',', StringComparison.Ordinal)) return (builder.Build(), null);
        var hosts = builder.BuildMultiHost();
        return (hosts.WithTargetSession(TargetSessionAttributes.Primary), hosts.WithTargetSession(TargetSessionAttributes.PreferStandby));
    }

    static NpgsqlDataSourceBuilder Builder(string urlOrConnectionString, string applicationName)
    {
        var b = new NpgsqlConnectionStringBuilder(ToConnectionString(urlOrConnectionString))
        {
            ApplicationName = applicationName,
        };
        var builder = new NpgsqlDataSourceBuilder(b.ConnectionString);
        // PostGIS geometry is an NTS Geometry everywhere: parameters, reader values, binary COPY.
        // Values read carry the SRID stored with them; the factory matches the one GeoJSON uses.
        builder.UseNetTopologySuite(GeoJsonIO.Factory.CoordinateSequenceFactory, GeoJsonIO.Factory.PrecisionModel);
        return builder;
    }

    /// <summary>Starts a transaction whose changes are recorded as made by <paramref name="user"/> (history and stamps).</summary>
    public static async Task<NpgsqlTransaction> BeginAsUserAsync(NpgsqlConnection conn, string user, CancellationToken ct,
        System.Data.IsolationLevel isolation = System.Data.IsolationLevel.ReadCommitted)
    {
        var tx = await conn.BeginTransactionAsync(isolation, ct);
        await using var cmd = new NpgsqlCommand("SELECT set_config('rp.user', $1, true)", conn, tx);
        cmd.Parameters.AddWithValue(user);
        await cmd.ExecuteNonQueryAsync(ct);
        return tx;
    }

    /// <summary>
    /// Starts a read-only REPEATABLE READ transaction: every statement in it reads one snapshot, so
    /// figures read in two statements (a report's rows and what it says is still queued) agree.
    /// </summary>
    public static async Task<NpgsqlTransaction> BeginSnapshotAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using var cmd = new NpgsqlCommand("SET TRANSACTION READ ONLY", conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
        return tx;
    }
}
