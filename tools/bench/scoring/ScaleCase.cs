using System.Globalization;
using System.Text;

namespace RelocationPlanner.Bench.Scoring;

/// <summary>
/// The generated scale case in the Ordos area (106.5-111.5 E, 37.5-40.9 N), deterministic for a
/// seed: roads and power lines as random-walk chains of short segments (one feature per segment,
/// consecutive segments share vertices, chains start at towns or branch off earlier chains), wells
/// and candidate sites uniform, one site in ten a small square polygon. Geometries are WKT.
/// </summary>
public sealed class ScaleCase
{
    public const double MinLon = 106.5, MaxLon = 111.5, MinLat = 37.5, MaxLat = 40.9;

    public List<(string Code, string Level, string Wkt)> Towns { get; } = [];
    public List<(string Code, string Class, string Status, string Wkt)> Roads { get; } = [];
    public List<(string Code, double Kv, string Status, string Wkt)> PowerLines { get; } = [];
    public List<(string Code, string Status, string Wkt)> Wells { get; } = [];
    public List<(string Code, string Wkt, double Lon, double Lat, double? Size)> Sites { get; } = [];

    public static ScaleCase Generate(int seed, int roads = 200_000, int power = 50_000, int wells = 50_000, int towns = 1_000, int sites = 20_000)
    {
        var rng = new Random(seed);
        var c = new ScaleCase();
        var townPts = new List<(double, double)>();
        for (int i = 0; i < towns; i++)
        {
            var p = (Lon(rng), Lat(rng));
            townPts.Add(p);
            string level = i < 10 ? "city" : i < 100 ? "county_seat" : "township";
            c.Towns.Add(($"T{i:D5}", level, Point(p)));
        }

        string[] classes = ["national", "provincial", "county", "township", "village", "other"];
        var vertices = new List<(double, double)>();
        Chains(rng, roads, 50, 250, 700, townPts, vertices, (k, a, b, status) =>
            c.Roads.Add(($"R{k:D6}", classes[Math.Min(5, (int)(rng.NextDouble() * rng.NextDouble() * 6))], status, Line(a, b))));
        double[] kv = [10, 10, 35, 35, 110, 220];
        Chains(rng, power, 50, 400, 1500, townPts, [], (k, a, b, status) =>
            c.PowerLines.Add(($"P{k:D6}", kv[rng.Next(kv.Length)], status, Line(a, b))));
        for (int i = 0; i < wells; i++) c.Wells.Add(($"W{i:D6}", Status(rng), Point((Lon(rng), Lat(rng)))));
        for (int i = 0; i < sites; i++)
        {
            double lon = Lon(rng), lat = Lat(rng);
            if (i % 10 == 9)
            {
                double s = 0.002 + rng.NextDouble() * 0.003;
                c.Sites.Add(($"S{i:D6}", Inv($"POLYGON(({lon} {lat},{lon + s} {lat},{lon + s} {lat + s},{lon} {lat + s},{lon} {lat}))"), lon, lat, s));
            }
            else c.Sites.Add(($"S{i:D6}", Point((lon, lat)), lon, lat, null));
        }
        return c;
    }

    // Chains of `perChain` segments: half start at a town, half branch off a vertex of an earlier chain.
    static void Chains(Random rng, int total, int perChain, double minStepM, double maxStepM, List<(double, double)> towns,
        List<(double, double)> vertices, Action<int, (double, double), (double, double), string> add)
    {
        int k = 0;
        while (k < total)
        {
            var p = vertices.Count > 0 && rng.Next(2) == 0 ? vertices[rng.Next(vertices.Count)] : towns[rng.Next(towns.Count)];
            double heading = rng.NextDouble() * 2 * Math.PI;
            string status = Status(rng);
            for (int s = 0; s < perChain && k < total; s++, k++)
            {
                heading += (rng.NextDouble() - 0.5) * 0.6;
                double step = minStepM + rng.NextDouble() * (maxStepM - minStepM);
                double lat = p.Item2 + step * Math.Cos(heading) / 111_000;
                double lon = p.Item1 + step * Math.Sin(heading) / (111_000 * Math.Cos(p.Item2 * Math.PI / 180));
                if (lon < MinLon || lon > MaxLon || lat < MinLat || lat > MaxLat) { heading += Math.PI; s--; k--; continue; }
                var q = (Math.Round(lon, 6), Math.Round(lat, 6));
                add(k, p, q, status);
                vertices.Add(q);
                p = q;
            }
        }
    }

    static string Status(Random rng) => rng.NextDouble() switch { < 0.85 => "completed", < 0.95 => "under_construction", _ => "planned" };
    static double Lon(Random rng) => Math.Round(MinLon + rng.NextDouble() * (MaxLon - MinLon), 6);
    static double Lat(Random rng) => Math.Round(MinLat + rng.NextDouble() * (MaxLat - MinLat), 6);
    static string Point((double Lon, double Lat) p) => Inv($"POINT({p.Lon} {p.Lat})");
    static string Line((double Lon, double Lat) a, (double Lon, double Lat) b) => Inv($"LINESTRING({a.Lon} {a.Lat},{b.Lon} {b.Lat})");
    static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes code/attributes/wkt CSV files for the Python peer.</summary>
    public void WriteCsv(string folder)
    {
        static string Q(string s) => "\"" + s + "\"";
        File.WriteAllLines(Path.Combine(folder, "towns.csv"), ["code,level,wkt", .. Towns.Select(t => $"{t.Code},{t.Level},{Q(t.Wkt)}")]);
        File.WriteAllLines(Path.Combine(folder, "roads.csv"), ["code,status,wkt", .. Roads.Select(t => $"{t.Code},{t.Status},{Q(t.Wkt)}")]);
        File.WriteAllLines(Path.Combine(folder, "power_lines.csv"), ["code,status,wkt", .. PowerLines.Select(t => $"{t.Code},{t.Status},{Q(t.Wkt)}")]);
        File.WriteAllLines(Path.Combine(folder, "wells.csv"), ["code,status,wkt", .. Wells.Select(t => $"{t.Code},{t.Status},{Q(t.Wkt)}")]);
        File.WriteAllLines(Path.Combine(folder, "sites.csv"), ["code,wkt", .. Sites.Select(t => $"{t.Code},{Q(t.Wkt)}")]);
    }

    /// <summary>The evaluate request body: {"profile": ..., "features": FeatureCollection of the sites}.</summary>
    public byte[] EvaluateBody(string profileJson)
    {
        var sb = new StringBuilder(Sites.Count * 120);
        sb.Append("{\"profile\":").Append(profileJson).Append(",\"features\":{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < Sites.Count; i++)
        {
            var s = Sites[i];
            if (i > 0) sb.Append(',');
            sb.Append("{\"type\":\"Feature\",\"properties\":{\"code\":\"").Append(s.Code).Append("\"},\"geometry\":");
            if (s.Size is double d)
                sb.Append(Inv($"{{\"type\":\"Polygon\",\"coordinates\":[[[{s.Lon},{s.Lat}],[{s.Lon + d},{s.Lat}],[{s.Lon + d},{s.Lat + d}],[{s.Lon},{s.Lat + d}],[{s.Lon},{s.Lat}]]]}}"));
            else sb.Append(Inv($"{{\"type\":\"Point\",\"coordinates\":[{s.Lon},{s.Lat}]}}"));
            sb.Append('}');
        }
        sb.Append("]}}");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
