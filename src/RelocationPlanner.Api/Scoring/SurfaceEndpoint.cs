using RelocationPlanner.Core.Features;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Geodesy;
using RelocationPlanner.Core.Scoring;
using RelocationPlanner.Core.Spatial;
using RelocationPlanner.Data.Scoring;
using RelocationPlanner.Api.Replication;

namespace RelocationPlanner.Api.Scoring;

/// <summary>
/// GET /api/scoring/surface?bbox=minLon,minLat,maxLon,maxLat&amp;cell_m=1000&amp;profile=default[&amp;format=]:
/// scores the centre of every cell of a grid over the bbox. Cells are cell_m metres square at the
/// bbox's middle latitude; at most <see cref="MaxCells"/> cells. Formats:
/// <c>geojson</c> (default) a FeatureCollection of cell polygons with <c>score</c> (1 decimal) and
/// <c>excluded</c>; <c>grid</c> the same scores as one array over a described grid (a few hundred
/// kB instead of tens of MB for 100k cells), which a map client paints as an image.
/// </summary>
public static class SurfaceEndpoint
{
    /// <summary>Largest grid served (cells); larger requests get 400 naming cell_m.</summary>
    public const int MaxCells = 200_000;

    public static async Task<IResult> Get(HttpContext http, ReadDb read, InfrastructureCache cache, ScoringTimeBudget budget,
        string? bbox, double? cell_m, string? profile, string? format, CancellationToken ct)
    {
        var fmt = format ?? "geojson";
        if (fmt is not ("geojson" or "grid"))
            return Problem.Invalid("format", Rules.OneOf, "'format' is geojson (default) or grid.");
        if (ParseBbox(bbox) is not { } box)
            return Problem.Invalid("bbox", Rules.Bbox, "'bbox' is minLon,minLat,maxLon,maxLat in degrees (WGS 84), inside China, min < max.");
        double cell = cell_m ?? 1000;
        if (!double.IsFinite(cell) || cell < 10 || cell > 100_000)
            return Problem.Invalid("cell_m", Rules.Range, "'cell_m' is the cell size in metres, 10 to 100000.");

        double midLat = (box.MinY + box.MaxY) / 2;
        var perDegree = Geodesic.MetresPerDegree(midLat);
        double dLat = cell / perDegree.Lat, dLon = cell / perDegree.Lon;
        long nx = (long)Math.Ceiling(box.Width / dLon), ny = (long)Math.Ceiling(box.Height / dLat);
        if (nx * ny > MaxCells)
            return Problem.Invalid("cell_m", Rules.TooManyCells,
                $"The grid would have {nx * ny} cells ({nx} x {ny}); at most {MaxCells}. Use a larger cell_m or a smaller bbox.");

        var (p, errors) = await ScoringStore.ProfileByReferenceAsync(read.Db, profile ?? "default", "profile", ct);
        if (p is null) return Problem.Invalid(errors);
        var index = await cache.GetAsync(read.Db, ct);

        var grid = new LonLatGrid(box.MinX, box.MinY, dLon, dLat, (int)nx, (int)ny);
        SiteScore[] scores;
        EvaluationTimings timings;
        using (var scoring = budget.Start(ct))
        {
            try { (scores, timings) = new SiteEvaluator(index, p).EvaluateGrid(grid, scoring.Token); }
            catch (ScoringCancelledException e) when (!ct.IsCancellationRequested) { return budget.Exceeded(e, grid.Count); }
        }
        http.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture,
            $"measure;dur={timings.MeasureMs:0.0}, network;dur={timings.NetworkMs:0.0}, score;dur={timings.ScoreMs:0.0}");

        var head = new SurfaceHead(p.Code, p.Version, index.DataVersion, cell, grid);
        return fmt == "grid"
            ? Results.Stream(s => SurfaceWriter.WriteGridAsync(s, head, scores, ct), "application/json")
            : Results.Stream(s => SurfaceWriter.WriteGeoJsonAsync(s, head, scores, ct), "application/geo+json");
    }

    /// <summary>A bbox with an area, inside China.</summary>
    static LonLatBox? ParseBbox(string? bbox) =>
        bbox is not null && LonLatBox.Parse(bbox) is { Width: > 0, Height: > 0 } box && GeometryRules.ChinaExtent.Contains(box.ToEnvelope()) ? box : null;
}

/// <summary>What describes a surface besides its scores.</summary>
/// <summary>
/// The grid format's document as <see cref="SurfaceWriter.WriteGridAsync"/> streams it (the record is
/// its description for the API document; the writer never builds one): scores[row * columns + column],
/// rows running north from the south-west corner <c>origin</c>; <c>excluded</c> indexes cells in an exclusion zone.
/// </summary>
public sealed record SuitabilityGrid(string Type, string Profile, int ProfileVersion, long DataVersion, double CellM, int Columns, int Rows,
    double[] Origin, double[] CellSize, string Order, int[] Excluded, double[] Scores);

public sealed record SurfaceHead(string Profile, int ProfileVersion, long DataVersion, double CellM, LonLatGrid Grid);

/// <summary>
/// Writes a surface straight to the response: the header with a Utf8JsonWriter, the cells as UTF-8
/// bytes into a 64 kB buffer (no object per cell). Corner coordinates are formatted once per grid
/// line (6 decimals, ~0.1 m), scores with 1 decimal.
/// </summary>
static class SurfaceWriter
{
    const int FlushAt = 60 * 1024;

    public static async Task WriteGeoJsonAsync(Stream stream, SurfaceHead head, SiteScore[] scores, CancellationToken ct)
    {
        var g = head.Grid;
        var xs = Enumerable.Range(0, g.Columns + 1).Select(i => Coord(g.MinLon + i * g.DLon)).ToArray();
        var ys = Enumerable.Range(0, g.Rows + 1).Select(j => Coord(g.MinLat + j * g.DLat)).ToArray();
        var buf = new Chunks(stream);
        await stream.WriteAsync(Head(head, "FeatureCollection", w =>
        {
            w.WriteStartObject("properties");
            Describe(w, head);
            w.WriteEndObject();
        }, "features"), ct);
        var polygon = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["u8.ToArray();
        for (int k = 0; k < scores.Length; k++)
        {
            int i = k % g.Columns, j = k / g.Columns;
            byte[] x0 = xs[i], x1 = xs[i + 1], y0 = ys[j], y1 = ys[j + 1];
            if (k > 0) buf.Raw(","u8);
            buf.Raw(polygon);
            buf.Pair(x0, y0); buf.Raw(",["u8); buf.Pair(x1, y0); buf.Raw(",["u8); buf.Pair(x1, y1); buf.Raw(",["u8); buf.Pair(x0, y1); buf.Raw(",["u8); buf.Pair(x0, y0);
            buf.Raw("]]},\"properties\":{\"score\":"u8);
            buf.Score(scores[k].Score);
            buf.Raw(scores[k].Excluded ? ",\"excluded\":true}}"u8 : ",\"excluded\":false}}"u8);
            if (buf.Length > FlushAt) await buf.FlushAsync(ct);
        }
        buf.Raw("]}"u8);
        await buf.FlushAsync(ct);
    }

    public static async Task WriteGridAsync(Stream stream, SurfaceHead head, SiteScore[] scores, CancellationToken ct)
    {
        var buf = new Chunks(stream);
        await stream.WriteAsync(Head(head, "SuitabilityGrid", w =>
        {
            Describe(w, head);
            var g = head.Grid;
            w.WriteStartArray("origin"); w.WriteNumberValue(g.MinLon); w.WriteNumberValue(g.MinLat); w.WriteEndArray();
            w.WriteStartArray("cell_size"); w.WriteNumberValue(g.DLon); w.WriteNumberValue(g.DLat); w.WriteEndArray();
            w.WriteString("order", "row-major from the south-west corner: scores[row * columns + column], rows run north");
            w.WriteStartArray("excluded");
            for (int k = 0; k < scores.Length; k++) if (scores[k].Excluded) w.WriteNumberValue(k);
            w.WriteEndArray();
        }, "scores"), ct);
        for (int k = 0; k < scores.Length; k++)
        {
            if (k > 0) buf.Raw(","u8);
            buf.Score(scores[k].Score);
            if (buf.Length > FlushAt) await buf.FlushAsync(ct);
        }
        buf.Raw("]}"u8);
        await buf.FlushAsync(ct);
    }

    static void Describe(Utf8JsonWriter w, SurfaceHead head)
    {
        w.WriteString("profile", head.Profile);
        w.WriteNumber("profile_version", head.ProfileVersion);
        w.WriteNumber("data_version", head.DataVersion);
        w.WriteNumber("cell_m", head.CellM);
        w.WriteNumber("columns", head.Grid.Columns);
        w.WriteNumber("rows", head.Grid.Rows);
    }

    // The document up to the opening bracket of its big array (the writer allows an unfinished document).
    static byte[] Head(SurfaceHead head, string type, Action<Utf8JsonWriter> body, string arrayName)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { SkipValidation = true }))
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            body(w);
            w.WriteStartArray(arrayName);
            w.Flush();
        }
        return ms.ToArray();
    }

    static byte[] Coord(double v) => Encoding.UTF8.GetBytes(Math.Round(v, 6).ToString("0.######", CultureInfo.InvariantCulture));

    sealed class Chunks(Stream stream)
    {
        readonly byte[] _bytes = new byte[64 * 1024 + 1024];
        public int Length { get; private set; }

        public void Raw(ReadOnlySpan<byte> s)
        {
            s.CopyTo(_bytes.AsSpan(Length));
            Length += s.Length;
        }

        public void Pair(byte[] x, byte[] y)
        {
            Raw(x); Raw(","u8); Raw(y); Raw("]"u8);
        }

        public void Score(double score)
        {
            Math.Round(score, 1).TryFormat(_bytes.AsSpan(Length), out int n, "0.#", CultureInfo.InvariantCulture);
            Length += n;
        }

        public async Task FlushAsync(CancellationToken ct)
        {
            await stream.WriteAsync(_bytes.AsMemory(0, Length), ct);
            Length = 0;
        }
    }
}
