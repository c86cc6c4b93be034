using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Api.Tests.Import;

namespace RelocationPlanner.Api.Tests.Security;

/// <summary>
/// The real service with its own spool folder and limits low enough for bombs a test can build in a
/// moment (the defaults are the same code with larger numbers), a "secret" file outside the upload,
/// and a loopback HTTP listener that counts every connection (a fetch would be SSRF).
/// </summary>
public sealed class HostileUploadFixture : ServiceFixture
{
    public const long MaxExpandedBytes = 32L << 20;
    public const int GdalSeconds = 10;
    public const long GdalMemoryBytes = 512L << 20;
    /// <summary>The bound for the service through every hostile upload.</summary>
    public const long MaxServiceRss = 1536L << 20;

    public string Spool { get; } = Path.Combine(Path.GetTempPath(), "rp-hostile-spool-" + Guid.NewGuid().ToString("N")[..8]);
    public string SecretDir { get; } = Gdal.TempDir();
    public string SecretCsv => Path.Combine(SecretDir, "secret.csv");
    public LoopbackListener Listener { get; } = new();

    protected override IDictionary<string, string>? Environment => new Dictionary<string, string>
    {
        ["RP_IMPORT_DIR"] = Spool,
        ["RP_IMPORT_MAX_EXPANDED_BYTES"] = MaxExpandedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RP_GDAL_TIMEOUT_SECONDS"] = GdalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RP_GDAL_MAX_MEMORY_BYTES"] = GdalMemoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public override async Task InitializeAsync()
    {
        // Rows that would import as wells if any upload could reach this file (or the listener serving it).
        await File.WriteAllTextAsync(SecretCsv, "lon,lat,code,well_type,status\n109.1,39.1,SECRET1,other,planned\n");
        Listener.Body = await File.ReadAllBytesAsync(SecretCsv);
        Directory.CreateDirectory(Spool);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Listener.Dispose();
        Directory.Delete(SecretDir, true);
        if (Directory.Exists(Spool)) Directory.Delete(Spool, true);
    }

    /// <summary>The service's resident memory now and its peak since start (VmRSS, VmHWM in /proc/&lt;pid&gt;/status), bytes.</summary>
    public (long Rss, long Peak) ServiceMemory()
    {
        var status = File.ReadLines($"/proc/{Service.ProcessId}/status").ToList();
        long Kb(string key) => long.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return (Kb("VmRSS:"), Kb("VmHWM:"));
    }

    /// <summary>A libpq connection string to the service's own database (what an attacker's PG: source would name).</summary>
    public string PgSource()
    {
        var b = new NpgsqlConnectionStringBuilder(Service.ConnectionString);
        return $"PG:host={b.Host} port={b.Port} user={b.Username} dbname={b.Database}";
    }
}

/// <summary>A loopback HTTP server that answers every request with <see cref="Body"/> and counts connections.</summary>
public sealed class LoopbackListener : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    int connections;

    public byte[] Body { get; set; } = [];
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;
    public int Connections => Volatile.Read(ref connections);

    public LoopbackListener()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(); }
            catch (Exception e) when (e is ObjectDisposedException or SocketException) { return; }
            Interlocked.Increment(ref connections);
            using (client)
            {
                var stream = client.GetStream();
                var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n");
                try
                {
                    _ = await stream.ReadAsync(new byte[4096]); // the request line is enough; its content does not matter
                    await stream.WriteAsync(head);
                    await stream.WriteAsync(Body);
                }
                catch (IOException) { }
            }
        }
    }

    public void Dispose() => listener.Stop();
}

/// <summary>Hostile files, built by the test.</summary>
public static class Hostile
{
    /// <summary>A GDAL VRT: one layer "wells" read from <paramref name="source"/> (lon/lat columns, or SQL for PG:).</summary>
    public static string Vrt(string source, string? sql = null) =>
        $"""
        <OGRVRTDataSource>
          <OGRVRTLayer name="wells">
            <SrcDataSource>{System.Security.SecurityElement.Escape(source)}</SrcDataSource>
            {(sql is null ? "<SrcLayer>secret</SrcLayer>" : $"<SrcSQL>{System.Security.SecurityElement.Escape(sql)}</SrcSQL>")}
            <GeometryType>wkbPoint</GeometryType>
            <LayerSRS>EPSG:4326</LayerSRS>
            <GeometryField encoding="PointFromColumns" x="lon" y="lat"/>
          </OGRVRTLayer>
        </OGRVRTDataSource>
        """;

    /// <summary>The database's role names as wells, if the PG: source were opened.</summary>
    public const string RolesAsWells = "SELECT 'W-' || usename AS code, 'other' AS well_type, 'planned' AS status, 109.1 AS lon, 39.1 AS lat FROM pg_user";

    public record Entry(string Name, byte[] Data, int UnixMode = 0x81A4);

    /// <summary>A zip written entry by entry (names as given: traversal and links are the point).</summary>
    public static void Zip(string path, params Entry[] entries)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var e in entries)
        {
            var entry = zip.CreateEntry(e.Name, CompressionLevel.Optimal);
            entry.ExternalAttributes = e.UnixMode << 16;
            using var s = entry.Open();
            s.Write(e.Data);
        }
    }

    /// <summary>A stream of zeros written in chunks (a bomb's payload without holding it in memory).</summary>
    public static void ZipOfZeros(string path, string name, long bytes, params Entry[] others)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var e in others) using (var s = zip.CreateEntry(e.Name).Open()) s.Write(e.Data);
        using var w = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        var chunk = new byte[1 << 20];
        for (long done = 0; done < bytes; done += chunk.Length) w.Write(chunk, 0, (int)Math.Min(chunk.Length, bytes - done));
    }

    /// <summary>The parts of a Shapefile zip besides the payload (contents do not matter to the archive checks).</summary>
    public static Entry[] ShapefileParts(string stem, params string[] except) =>
        new[] { ".shp", ".shx", ".dbf", ".prj" }.Where(x => !except.Contains(x)).Select(x => new Entry(stem + x, "x"u8.ToArray())).ToArray();

    /// <summary>
    /// A GeoPackage whose "wells" layer is a view over <paramref name="select"/> (columns fid, geom, code,
    /// well_type, status; "seed" is a one-point table, not a layer, to take the geometry from), made with GDAL itself.
    /// </summary>
    public static async Task<string> GeoPackageView(string dir, string name, string select)
    {
        var csv = Path.Combine(dir, name + "-seed.csv");
        await File.WriteAllTextAsync(csv, "lon,lat,code\n109.1,39.1,S\n");
        var gpkg = Path.Combine(dir, name + ".gpkg");
        await Gdal.Run("ogr2ogr", "-f", "GPKG", gpkg, csv, "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-a_srs", "EPSG:4326", "-nln", "seed");
        await Gdal.Run("ogrinfo", gpkg, "-sql", "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('wells', 'features', 'wells', 4326)");
        await Gdal.Run("ogrinfo", gpkg, "-sql", "INSERT INTO gpkg_geometry_columns VALUES ('wells', 'geom', 'POINT', 4326, 0, 0)");
        // "seed" stays a plain table, so "wells" is the file's only layer.
        await Gdal.Run("ogrinfo", gpkg, "-sql", "DELETE FROM gpkg_geometry_columns WHERE table_name = 'seed'");
        await Gdal.Run("ogrinfo", gpkg, "-sql", "DELETE FROM gpkg_contents WHERE table_name = 'seed'");
        // Last: once the view exists, GDAL may refuse to open the file again.
        await Gdal.Run("ogrinfo", gpkg, "-sql", "CREATE VIEW wells AS " + select);
        return gpkg;
    }

    public static async Task<JsonElement> Json(HttpResponseMessage r) =>
        JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone();
}
