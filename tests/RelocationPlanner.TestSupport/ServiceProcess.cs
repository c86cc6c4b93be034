using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RelocationPlanner.TestSupport;

/// <summary>
/// The real service, started as its own process on a free loopback port against a fresh test
/// database, so tests (and external tools such as ogrinfo or a browser) talk real HTTP to it.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process process;
    readonly StringBuilder log = new();

    public string BaseUrl { get; }
    /// <summary>The service's process id (for /proc/&lt;pid&gt;/status, or to kill it alone as a crash would).</summary>
    public int ProcessId => process.Id;
    public string ConnectionString { get; }
    public HttpClient Http { get; }
    public string Log { get { lock (log) return log.ToString(); } }
    bool disposed;

    ServiceProcess(Process process, string baseUrl, string connectionString)
    {
        this.process = process;
        BaseUrl = baseUrl;
        ConnectionString = connectionString;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
    }

    /// <summary>
    /// Starts the service (from the test's output folder) on <paramref name="connectionString"/>, a
    /// <see cref="TestDatabase"/> owner connection (a new database when null), and waits for /health.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string? connectionString = null, IDictionary<string, string>? env = null)
    {
        connectionString ??= await TestDatabase.CreateAsync("api");
        var port = FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "RelocationPlanner.Api.dll");
        var psi = new ProcessStartInfo("dotnet", $"\"{dll}\" --urls http://127.0.0.1:{port}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        // As in production: requests as the application role, migrations as the owner at start.
        psi.Environment["RP_DATABASE_URL"] = TestDatabase.AppConnectionString(connectionString);
        psi.Environment["RP_MIGRATE_DATABASE_URL"] = connectionString;
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        // The request warm-up serves a user's first minute, not a test's: its own tests turn it on.
        psi.Environment["RP_WARMUP_SECONDS"] = "0";
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        var service = new ServiceProcess(p, $"http://127.0.0.1:{port}", connectionString);
        p.OutputDataReceived += (_, e) => { lock (service.log) service.log.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { lock (service.log) service.log.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();

        // Generous: the demo data (layers and the Ordos registry) loads in seconds on a quiet machine
        // but has taken minutes on one shared by several builds.
        var deadline = DateTime.UtcNow.AddSeconds(300);
        while (DateTime.UtcNow < deadline)
        {
            if (p.HasExited) throw new InvalidOperationException("The service exited at start:\n" + service.Log);
            try
            {
                var r = await service.Http.GetAsync("/health");
                if (r.StatusCode == HttpStatusCode.OK) return service;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        await service.DisposeAsync();
        throw new TimeoutException("The service did not become healthy:\n" + service.Log);
    }

    static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Kills the service (SIGKILL: no shutdown, like a crash) unless it has exited.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
