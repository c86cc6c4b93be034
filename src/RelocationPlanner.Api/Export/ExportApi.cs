using RelocationPlanner.Api.Hosting;
using Npgsql;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Data.Export;

namespace RelocationPlanner.Api.Export;

/// <summary>GET /api/{collection}/export?format=gpkg|shp|kml|csv|geojson|fgb&amp;bbox=&amp;{property}={value}.</summary>
public static class ExportApi
{
    const string CollectionRoute = "{collection:regex(^(admin_units|towns|settlements|sites|roads|wells|power_lines)$)}";

    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet($"/api/{CollectionRoute}/export", Export).WithName("ExportFeatures").WithTags("Export")
            .AnswersBytes("application/octet-stream").Refuses(400, 404)
            .WithDescription("The collection as a file download in the format asked for (GeoPackage, GeoJSON, KML, CSV, zipped Shapefile, FlatGeobuf).");
        return app;
    }

    static async Task<IResult> Export(string collection, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var c = Collections.Find(collection)!;
        var query = http.Request.Query;
        var format = FeatureExporter.Find(query["format"]);
        if (format is null)
            return Problem.Invalid("format", Rules.Enum, $"format must be one of: {string.Join(", ", FeatureExporter.Formats.Select(f => f.Id))}.");
        var filters = query.Where(q => q.Key is not ("format" or "bbox")).Select(q => KeyValuePair.Create(q.Key, q.Value.ToString()));
        var (export, errors) = ExportQuery.Parse(c, query["bbox"], filters);
        if (export is null) return Problem.Invalid(errors);

        var download = $"{c.Id}{format.Extension}";
        if (format.Driver is null)
        {
            // GeoJSON streams straight from PostGIS to the client.
            http.Response.ContentType = format.ContentType;
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{download}\"";
            await FeatureExporter.WriteGeoJsonAsync(db, export, http.Response.Body, ct);
            return Results.Empty;
        }
        var work = Path.Combine(Path.GetTempPath(), "rp-exports", Guid.NewGuid().ToString("N"));
        try
        {
            var path = await FeatureExporter.ExportFileAsync(db, export, format, work, ct);
            // The file deletes itself once sent; the folder is removed right after.
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose);
            http.Response.OnCompleted(() => { try { Directory.Delete(work, true); } catch (IOException) { } return Task.CompletedTask; });
            return Results.File(stream, format.ContentType, download);
        }
        catch
        {
            if (Directory.Exists(work)) Directory.Delete(work, true);
            throw;
        }
    }
}
