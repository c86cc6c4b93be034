using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Generation;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Ogc;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Import;
using RelocationPlanner.Data.Migrations;
using RelocationPlanner.Data.Ogc;

// GeoJSON output benchmark: who should write large GeoJSON outputs (OGC items, exports)?
// PostGIS ST_AsGeoJSON (the service's OGC items query, text straight from the server) beside
// NetTopologySuite.IO.GeoJSON4STJ (geometries read by Npgsql as NTS values, written by the
// library through GeoJsonIO), on N generated road segments loaded through the real import.
// Usage: dotnet run --project tools/bench/geojson -c Release -- <server URL> [roads=200000] [runs=3]
var server = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("RP_DATABASE_URL")
    ?? throw new InvalidOperationException("Pass a PostgreSQL server URL (tools/pg start DIR prints one).");
var roads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;

var admin = new NpgsqlConnectionStringBuilder(Database.ToConnectionString(server)) { Database = "postgres", Pooling = false };
await using (var c = new NpgsqlConnection(admin.ConnectionString))
{
    await c.OpenAsync();
    await new NpgsqlCommand("DROP DATABASE IF EXISTS rp_bench_geojson WITH (FORCE)", c).ExecuteNonQueryAsync();
    await new NpgsqlCommand("CREATE DATABASE rp_bench_geojson", c).ExecuteNonQueryAsync();
}
admin.Database = "rp_bench_geojson";
admin.Pooling = true;
admin.CommandTimeout = 3600;
await using var db = Database.CreateDataSource(admin.ConnectionString, "geojson-bench");
await Migrator.MigrateAsync(db, CancellationToken.None);

var file = Path.Combine(Path.GetTempPath(), $"rp-bench-geojson-{Environment.ProcessId}.geojson");
try
{
    await using (var f = File.Create(file)) GeoJsonIO.WriteCollection(f, new ScaleGenerator(1).Roads(roads));
    var source = await ImportSource.OpenAsync(file, "roads.geojson", Collections.Roads, null, CancellationToken.None);
    var imported = await FeatureImporter.ImportAsync(db, Collections.Roads, source, new RelocationPlanner.Core.Import.ImportSettings(), "bench", null, CancellationToken.None);
    Console.WriteLine($"{imported.Imported:N0} road segments loaded ({new FileInfo(file).Length / 1e6:0} MB of GeoJSON); best of {runs} runs, output to a counting null stream");
}
finally
{
    File.Delete(file);
}

// PostGIS writes each geometry and the service its Feature (the OGC items path over the whole collection).
async Task<long> PostGis()
{
    long bytes = 0;
    await foreach (var (_, json) in OgcQueries.ItemsAsync(db, new ItemsQuery(Collections.Roads), OgcCrsList.Crs84, 0, int.MaxValue, CancellationToken.None))
        bytes += json.Length;
    return bytes;
}

// The library writes every Feature from the geometries Npgsql reads off the same table.
async Task<long> Library()
{
    var counter = new CountingStream();
    await using var writer = new Utf8JsonWriter(counter, new JsonWriterOptions { Encoder = GeoJsonIO.Options.Encoder });
    var names = Collections.Roads.Properties.Select(p => p.Name).ToArray();
    await using var cmd = db.CreateCommand($"SELECT t.id, {string.Join(", ", names.Select(n => "t." + n))}, t.geom FROM roads t ORDER BY t.id");
    await using var r = await cmd.ExecuteReaderAsync();
    while (await r.ReadAsync())
    {
        var table = new NetTopologySuite.Features.AttributesTable();
        for (var i = 0; i < names.Length; i++) table.Add(names[i], r.IsDBNull(i + 1) ? null : r.GetValue(i + 1));
        var feature = new NetTopologySuite.Features.Feature(r.GetFieldValue<NetTopologySuite.Geometries.Geometry>(names.Length + 1), table);
        JsonSerializer.Serialize(writer, feature, GeoJsonIO.Options);
        writer.Flush();
        writer.Reset();
    }
    return counter.Length;
}

async Task<(double Seconds, long Bytes)> Best(Func<Task<long>> run)
{
    var best = double.MaxValue;
    long bytes = 0;
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        bytes = await run();
        best = Math.Min(best, clock.Elapsed.TotalSeconds);
    }
    return (best, bytes);
}

var pg = await Best(PostGis);
var lib = await Best(Library);
Console.WriteLine($"  PostGIS ST_AsGeoJSON (OGC items query)     : {pg.Seconds,6:0.00} s  {pg.Bytes / 1e6,6:0} MB");
Console.WriteLine($"  Npgsql NTS + GeoJSON4STJ                   : {lib.Seconds,6:0.00} s  {lib.Bytes / 1e6,6:0} MB");
Console.WriteLine($"  ratio library / PostGIS                    : {lib.Seconds / pg.Seconds,6:0.00}");

await using (var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString))
{
    NpgsqlConnection.ClearAllPools();
    await c.OpenAsync();
    await new NpgsqlCommand("DROP DATABASE IF EXISTS rp_bench_geojson WITH (FORCE)", c).ExecuteNonQueryAsync();
}

/// <summary>Counts what is written and keeps nothing (the response body stands in).</summary>
sealed class CountingStream : Stream
{
    long length;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => length;
    public override long Position { get => length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => length += count;
    public override void Write(ReadOnlySpan<byte> buffer) => length += buffer.Length;
}
