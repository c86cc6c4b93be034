using System.Globalization;
using System.Text;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;

namespace RelocationPlanner.Bench.Scoring;

/// <summary>
/// The scale case from the project's one generator (Core/Generation/ScaleGenerator): a connected
/// road network, power lines, wells, towns and candidate sites in the Ordos area; and the three
/// forms the benchmark needs it in: PostGIS rows (COPY), CSV for the GeoPandas peer, an evaluate body.
/// </summary>
public sealed class BenchData
{
    public required List<IFeature> Towns { get; init; }
    public required List<IFeature> Roads { get; init; }
    public required List<IFeature> PowerLines { get; init; }
    public required List<IFeature> Wells { get; init; }
    public required List<IFeature> Sites { get; init; }

    public static BenchData Generate(long seed, int roads = 200_000, int powerLines = 50_000, int wells = 50_000, int towns = 1_000, int sites = 20_000)
    {
        var g = new ScaleGenerator(seed);
        return new BenchData
        {
            Towns = [.. g.Towns(towns)],
            Roads = [.. g.RoadNetwork(roads, towns)],
            PowerLines = [.. g.PowerLines(powerLines)],
            Wells = [.. g.Wells(wells)],
            // One candidate in ten a polygon, as in the figures kept since the first scoring benchmark.
            Sites = [.. g.Sites(sites, centralized: 0.1)],
        };
    }

    static string Ewkt(Geometry g) => "SRID=4326;" + new WKTWriter().Write(g);

    /// <summary>Loads the layers (and the candidates as bench_sites, id = input index) with COPY.</summary>
    public async Task LoadAsync(NpgsqlConnection conn)
    {
        await Copy(conn, "COPY towns (code, name, town_level, geom) FROM STDIN", Towns.Select(t => new[] { t.Text("code")!, t.Text("name")!, t.Text("town_level")!, Ewkt(t.Geometry) }));
        await Copy(conn, "COPY roads (code, road_class, status, geom) FROM STDIN", Roads.Select(t => new[] { t.Text("code")!, t.Text("road_class")!, t.Text("status")!, Ewkt(t.Geometry) }));
        await Copy(conn, "COPY power_lines (code, voltage_kv, status, geom) FROM STDIN", PowerLines.Select(t => new[] { t.Text("code")!, t.Text("voltage_kv")!, t.Text("status")!, Ewkt(t.Geometry) }));
        await Copy(conn, "COPY wells (code, well_type, status, geom) FROM STDIN", Wells.Select(t => new[] { t.Text("code")!, t.Text("well_type")!, t.Text("status")!, Ewkt(t.Geometry) }));
        await new NpgsqlCommand("CREATE TABLE bench_sites (id int PRIMARY KEY, code text, geom geometry(Geometry, 4326))", conn).ExecuteNonQueryAsync();
        await Copy(conn, "COPY bench_sites (id, code, geom) FROM STDIN", Sites.Select((s, i) => new[] { i.ToString(CultureInfo.InvariantCulture), s.Text("code")!, Ewkt(s.Geometry) }));
        await new NpgsqlCommand("ANALYZE", conn).ExecuteNonQueryAsync();
    }

    static async Task Copy(NpgsqlConnection conn, string copy, IEnumerable<string[]> rows)
    {
        await using var w = await conn.BeginTextImportAsync(copy);
        foreach (var row in rows) await w.WriteLineAsync(string.Join('\t', row));
    }

    /// <summary>code/attributes/wkt CSV files for the Python peer.</summary>
    public void WriteCsv(string folder)
    {
        var wkt = new WKTWriter();
        string Q(Geometry g) => "\"" + wkt.Write(g) + "\"";
        File.WriteAllLines(Path.Combine(folder, "towns.csv"), ["code,level,wkt", .. Towns.Select(t => $"{t.Text("code")},{t.Text("town_level")},{Q(t.Geometry)}")]);
        foreach (var (name, layer) in new[] { ("roads", Roads), ("power_lines", PowerLines), ("wells", Wells) })
            File.WriteAllLines(Path.Combine(folder, name + ".csv"), ["code,status,wkt", .. layer.Select(t => $"{t.Text("code")},{t.Text("status")},{Q(t.Geometry)}")]);
        File.WriteAllLines(Path.Combine(folder, "sites.csv"), ["code,wkt", .. Sites.Select(t => $"{t.Text("code")},{Q(t.Geometry)}")]);
    }

    /// <summary>{"profile": ..., "features": FeatureCollection of the candidates with their codes}.</summary>
    public static byte[] EvaluateBody(string profileJson, IEnumerable<(string Code, Geometry Geometry)> sites, int decimals = 6)
    {
        var fc = GeoJsonIO.ToJson(sites.Select(s => GeoJsonIO.Feature(s.Geometry, [new("code", s.Code)])), decimals);
        return Encoding.UTF8.GetBytes("{\"profile\":" + profileJson + ",\"features\":" + fc + "}");
    }

    public byte[] EvaluateBody(string profileJson) => EvaluateBody(profileJson, Sites.Select(s => (s.Text("code")!, s.Geometry)));

    /// <summary>
    /// A wavy ring of n vertices around (lon, lat): radius ~2.2 km whatever n ("fixed"), or vertices ~8 m
    /// apart so the polygon grows with n ("grow": 10 km at 8k, 41 km at 32k, 163 km at 128k).
    /// </summary>
    public static Polygon LargePolygon(int n, bool grow, double lon = 109.0, double lat = 39.2)
    {
        double r0 = grow ? n * 8.0 / (2 * Math.PI) / 111_000 : 0.02;
        var ring = new Coordinate[n + 1];
        for (int i = 0; i < n; i++)
        {
            double a = 2 * Math.PI * i / n, r = r0 * (1 + 0.05 * Math.Sin(a * 50));
            ring[i] = new Coordinate(Math.Round(lon + r * Math.Cos(a) / 0.77, 7), Math.Round(lat + r * Math.Sin(a), 7));
        }
        ring[n] = ring[0];
        return new GeometryFactory(new PrecisionModel(), 4326).CreatePolygon(ring);
    }
}
