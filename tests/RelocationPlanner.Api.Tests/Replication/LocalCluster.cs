using System.Diagnostics;
using Npgsql;

namespace RelocationPlanner.Api.Tests.Replication;

/// <summary>
/// A test on the cluster tools/cluster starts (primary, hot standby, two instances, HAProxy): run by
/// tools/test-cluster, which names the cluster's settings file in RP_CLUSTER_ENV; skipped without it.
/// </summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(LocalCluster.EnvSetting)))
            Skip = "needs the local cluster: tools/test-cluster";
    }
}

/// <summary>The running cluster's URLs and process ids (DIR/cluster.env), read afresh after each change.</summary>
public sealed class LocalCluster
{
    public const string EnvSetting = "RP_CLUSTER_ENV";
    readonly Dictionary<string, string> values;

    LocalCluster(Dictionary<string, string> values) => this.values = values;

    public static LocalCluster Read() => new(File.ReadAllLines(Environment.GetEnvironmentVariable(EnvSetting)!)
        .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]));

    public string this[string name] => values["RP_CLUSTER_" + name];
    public string Folder => Path.GetDirectoryName(Environment.GetEnvironmentVariable(EnvSetting))!;

    /// <summary>A client of instance A, B or the load balancer (LB), with a cookie jar of its own.</summary>
    public HttpClient Client(string which, System.Net.Http.Headers.AuthenticationHeaderValue auth)
    {
        var c = new HttpClient { BaseAddress = new Uri(which == "LB" ? this["URL"] : this[which + "_URL"]), Timeout = TimeSpan.FromMinutes(3) };
        c.DefaultRequestHeaders.Authorization = auth;
        return c;
    }

    /// <summary>SQL as the superuser of the primary or the standby (on the service's database).</summary>
    public async Task<object?> SqlAsync(string server, string sql)
    {
        await using var conn = new NpgsqlConnection(Data.Database.ToConnectionString(this[server + "_ADMIN"]));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }

    /// <summary>Runs a repository tool (tools/cluster up, tools/pg stop ...) and fails the test if it fails.</summary>
    public static async Task ToolAsync(string tool, params string[] args)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "tools", "cluster"))) root = Path.GetDirectoryName(root)!;
        var psi = new ProcessStartInfo(Path.Combine(root, "tools", tool)) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"tools/{tool} {string.Join(' ', args)} failed:\n{output}\n{await err}");
    }

    /// <summary>Starts again whatever of the cluster is not running (an instance killed, the standby stopped).</summary>
    public async Task<LocalCluster> RepairAsync()
    {
        await ToolAsync("cluster", "up", "--dir", Folder);
        return Read();
    }
}
