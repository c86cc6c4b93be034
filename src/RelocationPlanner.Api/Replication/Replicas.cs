using Npgsql;
using RelocationPlanner.Data.Replication;

namespace RelocationPlanner.Api.Replication;

/// <summary>
/// Where a request reads from. With one database host (the default) everything uses the one data
/// source and nothing here runs. With a multi-host RP_DATABASE_URL, reads that tolerate lag
/// (reports, tiles, OGC items, scoring, household pages) go to a hot standby and writes to the
/// primary; read-your-writes: every successful write answers with the primary's WAL position
/// (header <see cref="Header"/> and cookie <see cref="Cookie"/>), and a later read that carries it
/// waits, at most RP_READ_WAIT_MS, for the standby to replay that far, else reads the primary.
/// A position (rather than "stay on the primary for a few seconds") costs nothing once the standby
/// has caught up, is exact whatever the lag, and lets every instance decide alone (no shared state).
/// </summary>
public sealed class Replicas(NpgsqlDataSource primary, NpgsqlDataSource? standby, TimeSpan wait)
{
    public const string Header = "RP-Write-LSN";
    public const string Cookie = "rp_lsn";
    static readonly TimeSpan Every = TimeSpan.FromMilliseconds(20);

    /// <summary>HttpContext.Items key: this request reads the primary (its first try lost the standby).</summary>
    public const string OnPrimary = "rp.read-on-primary";

    /// <summary>Whether a standby is configured (a multi-host connection string).</summary>
    public bool HasStandby => standby is not null;

    /// <summary>The data source this request reads from.</summary>
    public async Task<NpgsqlDataSource> ForReadAsync(HttpContext http, CancellationToken ct)
    {
        if (standby is null || http.Items.ContainsKey(OnPrimary)) return primary;
        if (WrittenUpTo(http.Request) is not { } lsn) return standby;
        try
        {
            if (await WalPosition.ReplayedAsync(standby, lsn, ct)) return standby;
            if (!await WalPosition.WrittenAsync(primary, lsn, ct)) return standby; // not a position of ours: no wait
            var deadline = DateTime.UtcNow + wait;
            while (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Every, ct);
                if (await WalPosition.ReplayedAsync(standby, lsn, ct)) return standby;
            }
            return primary;
        }
        catch (NpgsqlException)
        {
            return primary; // no standby answered: the primary has everything
        }
    }

    /// <summary>The writer's WAL position the request carries (header first, then cookie); null when none or malformed.</summary>
    static string? WrittenUpTo(HttpRequest request)
    {
        var value = request.Headers[Header].FirstOrDefault() ?? request.Cookies[Cookie];
        return value is not null && WalPosition.Format().IsMatch(value) ? value : null;
    }

    /// <summary>Adds the primary's WAL position to a successful answer (its writes are committed by now).</summary>
    public async Task StampAsync(HttpContext http)
    {
        if (standby is null || http.Response.StatusCode >= 400) return;
        var lsn = await WalPosition.CurrentAsync(primary, http.RequestAborted);
        http.Response.Headers[Header] = lsn;
        http.Response.Cookies.Append(Cookie, lsn, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = TimeSpan.FromMinutes(5),
        });
    }
}

/// <summary>The service's data sources from RP_DATABASE_URL, and the read-your-writes stamp.</summary>
public static class ReplicationSetup
{
    /// <summary>How long a read waits for the standby to replay the reader's own writes before it reads the primary.</summary>
    public const string WaitSetting = "RP_READ_WAIT_MS";

    public static WebApplicationBuilder AddDataSources(this WebApplicationBuilder builder, string connectionString)
    {
        var (primary, standby) = Data.Database.CreateDataSources(connectionString);
        var wait = TimeSpan.FromMilliseconds(Math.Clamp(builder.Configuration.GetValue(WaitSetting, 2000), 0, 30_000));
        // The primary is the NpgsqlDataSource every writer (and Hangfire) takes.
        builder.Services.AddSingleton(primary);
        builder.Services.AddSingleton(new Replicas(primary, standby, wait));
        return builder;
    }

    /// <summary>Stamps successful writes with the primary's WAL position (only when a standby is configured).</summary>
    public static IApplicationBuilder UseReadYourWrites(this IApplicationBuilder app)
    {
        var replicas = app.ApplicationServices.GetRequiredService<Replicas>();
        if (!replicas.HasStandby) return app;
        return app.Use(async (http, next) =>
        {
            var method = http.Request.Method;
            if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method))
            {
                http.Response.OnStarting(() => replicas.StampAsync(http));
                await next();
                return;
            }
            try
            {
                await next();
            }
            catch (NpgsqlException e) when (!http.Response.HasStarted && ServerWentAway(e) && !http.Items.ContainsKey(Replicas.OnPrimary))
            {
                // A standby that stopped breaks the pooled connections to it once each: a read
                // (safe to repeat, nothing sent yet) runs again on the primary instead of failing.
                http.Items[Replicas.OnPrimary] = true;
                await next();
            }
        });
    }

    /// <summary>The server closed the connection (shut down, crashed, restarting) rather than refused the query.</summary>
    static bool ServerWentAway(NpgsqlException e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow }
        || e.InnerException is IOException or System.Net.Sockets.SocketException
        || e is not PostgresException && e.IsTransient;

}

/// <summary>The data source of a read that tolerates lag; an endpoint takes it in place of NpgsqlDataSource.</summary>
public sealed record ReadDb(NpgsqlDataSource Db)
{
    public static async ValueTask<ReadDb?> BindAsync(HttpContext http) =>
        new(await http.RequestServices.GetRequiredService<Replicas>().ForReadAsync(http, http.RequestAborted));
}
