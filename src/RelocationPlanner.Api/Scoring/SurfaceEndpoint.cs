using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using Npgsql;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Geodesy;
using RelocationPlanner.Core.Spatial;

namespace RelocationPlanner.Api.Scoring;

/// <summary>
/// GET /api/scoring/surface?bbox=minLon,minLat,maxLon,maxLat&amp;cell_m=1000&amp;profile=default:
/// scores the centre of every cell of a grid over the bbox and returns the cells as a GeoJSON
/// FeatureCollection of polygons with <c>score</c> and <c>excluded</c>. Cells are cell_m metres
/// square at the bbox's middle latitude. At most <see cref="MaxCells"/> cells.
/// </summary>
public static class SurfaceEndpoint
{
    /// <summary>Largest grid served (cells); larger requests get 400 naming cell_m.</summary>
    public const int MaxCells = 200_000;

    public static async Task<IResult> Get(HttpContext http, NpgsqlDataSource db, InfrastructureCache cache,
        string? bbox, double? cell_m, string? profile, string? format, CancellationToken ct)
    {
        if ((format ?? "geojson") != "geojson")
            return Problem.Invalid("format", "format", "Only format=geojson is served; vector tiles of the surface are not built yet.");
        if (ParseBbox(bbox) is not { } box)
            return Problem.Invalid("bbox", "bbox", "'bbox' is minLon,minLat,maxLon,maxLat in degrees (WGS 84), inside China, min < max.");
        double cell = cell_m ?? 1000;
        if (!double.IsFinite(cell) || cell < 10 || cell > 100_000)
            return Problem.Invalid("cell_m", "range", "'cell_m' is the cell size in metres, 10 to 100000.");

        double midLat = (box.MinY + box.MaxY) / 2;
        double dLat = cell / MetresPerDegree(midLat).Lat, dLon = cell / MetresPerDegree(midLat).Lon;
        long nx = (long)Math.Ceiling(box.Width / dLon), ny = (long)Math.Ceiling(box.Height / dLat);
        if (nx * ny > MaxCells)
            return Problem.Invalid("cell_m", "too_many_cells",
                $"The grid would have {nx * ny} cells ({nx} x {ny}); at most {MaxCells}. Use a larger cell_m or a smaller bbox.");

        var (p, errors) = await ScoringRequests.ByCodeAsync(db, profile ?? "default", "profile", ct);
        if (p is null) return Problem.Invalid(errors);
        var index = await cache.GetAsync(ct);

        int count = (int)(nx * ny);
        var centres = new Geometry[count];
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++)
                centres[j * nx + i] = GeoJsonGeometryReader.Factory.CreatePoint(new Coordinate(box.MinX + (i + 0.5) * dLon, box.MinY + (j + 0.5) * dLat));
        var (results, _, timings) = new SiteEvaluator(index, p).Evaluate(centres, new string?[count], false);
        http.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture,
            $"measure;dur={timings.MeasureMs:0.0}, network;dur={timings.NetworkMs:0.0}, score;dur={timings.ScoreMs:0.0}");

        return Results.Stream(async stream =>
        {
            await using var w = new Utf8JsonWriter(stream);
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartObject("properties");
            w.WriteString("profile", p.Code);
            w.WriteNumber("profile_version", p.Version);
            w.WriteNumber("data_version", index.DataVersion);
            w.WriteNumber("cell_m", cell);
            w.WriteNumber("columns", nx);
            w.WriteNumber("rows", ny);
            w.WriteEndObject();
            w.WriteStartArray("features");
            for (int k = 0; k < count; k++)
            {
                long i = k % nx, j = k / nx;
                double x0 = box.MinX + i * dLon, y0 = box.MinY + j * dLat;
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteStartObject("geometry");
                w.WriteString("type", "Polygon");
                w.WriteStartArray("coordinates");
                w.WriteStartArray();
                Corner(w, x0, y0); Corner(w, x0 + dLon, y0); Corner(w, x0 + dLon, y0 + dLat); Corner(w, x0, y0 + dLat); Corner(w, x0, y0);
                w.WriteEndArray();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteStartObject("properties");
                w.WriteNumber("score", Math.Round(results[k].Score, 2));
                w.WriteBoolean("excluded", results[k].Excluded);
                w.WriteEndObject();
                w.WriteEndObject();
                if (w.BytesPending > 64 * 1024) await w.FlushAsync(ct);
            }
            w.WriteEndArray();
            w.WriteEndObject();
            await w.FlushAsync(ct);
        }, "application/geo+json");
    }

    static void Corner(Utf8JsonWriter w, double x, double y)
    {
        w.WriteStartArray();
        w.WriteNumberValue(Math.Round(x, 6));
        w.WriteNumberValue(Math.Round(y, 6));
        w.WriteEndArray();
    }

    /// <summary>WGS84 metres per degree of longitude and latitude at a latitude.</summary>
    static (double Lon, double Lat) MetresPerDegree(double lat)
    {
        const double a = Geodesic.SemiMajorAxisM, f = Geodesic.Flattening, e2 = f * (2 - f), rad = Math.PI / 180;
        double s = Math.Sin(lat * rad), w = Math.Sqrt(1 - e2 * s * s);
        return (a / w * Math.Cos(lat * rad) * rad, a * (1 - e2) / (w * w * w) * rad);
    }

    static Envelope? ParseBbox(string? bbox)
    {
        var parts = bbox?.Split(',');
        if (parts is not { Length: 4 }) return null;
        var v = new double[4];
        for (int i = 0; i < 4; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i])) return null;
        if (!(v[0] < v[2] && v[1] < v[3])) return null;
        var env = new Envelope(v[0], v[2], v[1], v[3]);
        return GeometryRules.ChinaExtent.Contains(env) ? env : null;
    }
}
