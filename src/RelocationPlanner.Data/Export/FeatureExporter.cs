using System.IO.Compression;
using System.Text;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Import;
using RelocationPlanner.Data.Gdal;
using RelocationPlanner.Data.Tables;

namespace RelocationPlanner.Data.Export;

/// <summary>An export format: its ogr2ogr driver, file extension and media type.</summary>
public sealed record ExportFormat(string Id, string? Driver, string Extension, string ContentType, string[] CreationOptions);

/// <summary>
/// Exports a collection: PostGIS streams GeoJSON (filters bound as parameters, see
/// <see cref="ExportQuery"/>), and for the other formats GDAL converts that file
/// (<c>ogr2ogr -f GPKG|"ESRI Shapefile"|KML|CSV|FlatGeobuf</c>). Shapefiles come zipped with
/// their .prj and .cpg, field names cut to 10 characters by <see cref="SourceFields.ShapefileNames"/>
/// (which imports read back). GDAL runs through <see cref="GdalProcess"/>, like every GDAL command.
/// </summary>
public static class FeatureExporter
{
    public static readonly IReadOnlyList<ExportFormat> Formats =
    [
        new("geojson", null, ".geojson", "application/geo+json", []),
        new("gpkg", "GPKG", ".gpkg", "application/geopackage+sqlite3", []),
        // RESIZE: text fields as wide as their longest value, not 80 characters of padding (the zip then stays well under the import's ratio limit).
        new("shp", "ESRI Shapefile", ".zip", "application/zip", ["-lco", "ENCODING=UTF-8", "-lco", "RESIZE=YES"]),
        new("kml", "KML", ".kml", "application/vnd.google-earth.kml+xml", []),
        new("csv", "CSV", ".csv", "text/csv; charset=utf-8", ["-lco", "GEOMETRY=AS_WKT"]),
        new("fgb", "FlatGeobuf", ".fgb", "application/octet-stream", []),
    ];

    public static ExportFormat? Find(string? id) => Formats.FirstOrDefault(f => f.Id == (id ?? "geojson").ToLowerInvariant());

    /// <summary>Streams a GeoJSON FeatureCollection to <paramref name="output"/>; returns the feature count.</summary>
    public static async Task<long> WriteGeoJsonAsync(NpgsqlDataSource db, ExportQuery q, Stream output, CancellationToken ct,
        IReadOnlyDictionary<string, string>? rename = null, string? geometryType = null)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = q.Command(conn, rename, geometryType);
        await using var r = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        await using var w = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        await w.WriteAsync("{\"type\":\"FeatureCollection\",\"features\":[\n");
        long n = 0;
        var feature = r.GetOrdinal("feature");
        while (await r.ReadAsync(ct))
        {
            if (n++ > 0) await w.WriteAsync(",\n");
            await w.WriteAsync(r.GetString(feature));
        }
        await w.WriteAsync("\n]}\n");
        await w.FlushAsync(ct);
        return n;
    }

    /// <summary>Writes the export into <paramref name="workDir"/> and returns the file to send (a .zip for Shapefile).</summary>
    public static async Task<string> ExportFileAsync(NpgsqlDataSource db, ExportQuery q, ExportFormat format, string workDir, CancellationToken ct)
    {
        Directory.CreateDirectory(workDir);
        var name = q.Collection.Id;
        var output = Path.Combine(workDir, name + format.Extension);
        if (format.Driver is null)
        {
            await using var f = File.Create(output);
            await WriteGeoJsonAsync(db, q, f, ct);
            return output;
        }

        var shp = format.Id == "shp";
        // A Shapefile holds one geometry type: sites (polygons and points) become two layers.
        var layers = shp && q.Collection.GeometryTypes.Length > 1
            ? q.Collection.GeometryTypes.Select(t => ($"{name}_{t.ToLowerInvariant()}", (string?)t)).ToList()
            : [(name, null)];
        var target = shp ? Path.Combine(workDir, name) : output;
        if (shp) Directory.CreateDirectory(target);
        foreach (var (layer, type) in layers)
        {
            var json = Path.Combine(workDir, layer + ".source.geojson");
            await using (var f = File.Create(json))
                await WriteGeoJsonAsync(db, q, f, ct, shp ? SourceFields.ShapefileNames : null, type);
            string[] args = ["-f", format.Driver, target, json, "-nln", layer, .. format.CreationOptions];
            if (File.Exists(target) || (shp && Directory.EnumerateFiles(target).Any())) args = [.. args, "-update"];
            string[] drivers = ["GeoJSON", format.Driver];
            var (code, _, err) = await GdalProcess.RunAsync("ogr2ogr", args, drivers, drivers, ct);
            File.Delete(json);
            if (code != 0) throw new InvalidOperationException($"ogr2ogr could not write {format.Id}: {err.Trim()}");
        }
        // A name such as "=cmd|' /C calc'!A0" must reach a spreadsheet as text, not as a formula.
        if (format.Id == "csv")
            await TableWriter.NeutraliseCsvFileAsync(output, h => q.Collection.Property(h)?.Kind is PropertyKind.Integer or PropertyKind.Decimal, ct);
        if (!shp) return output;
        if (File.Exists(output)) File.Delete(output);
        ZipFile.CreateFromDirectory(target, output);
        Directory.Delete(target, true);
        return output;
    }
}
