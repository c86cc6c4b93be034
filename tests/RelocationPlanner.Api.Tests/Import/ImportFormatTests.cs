using System.IO.Compression;
using System.Net;
using Npgsql;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;

namespace RelocationPlanner.Api.Tests.Import;

/// <summary>
/// Each format is made by GDAL in the test (ogr2ogr from a GeoJSON the test writes), uploaded,
/// and the stored roads compared with the source by count and geodesic length.
/// </summary>
public class ImportFormatTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    const int N = 40;

    static string SourceGeoJson(string dir)
    {
        var path = Path.Combine(dir, "roads.geojson");
        using var file = File.Create(path);
        GeoJsonIO.WriteCollection(file, new ScaleGenerator(7).Roads(N));
        return path;
    }

    async Task<(long Count, double Metres)> RoadsAsync()
    {
        await using var conn = new NpgsqlConnection(f.Service.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*), coalesce(sum(ST_Length(geom::geography)), 0) FROM roads", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetDouble(1));
    }

    async Task ClearRoadsAsync()
    {
        await using var conn = new NpgsqlConnection(f.Service.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("DELETE FROM roads", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Geodesic length of the source file's lines, by PostGIS (the reference).</summary>
    async Task<double> SourceMetresAsync(string geojson)
    {
        await using var conn = new NpgsqlConnection(f.Service.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT sum(ST_Length(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326)::geography)) FROM jsonb_array_elements($1::jsonb->'features') f", conn);
        cmd.Parameters.AddWithValue(await File.ReadAllTextAsync(geojson));
        return (double)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Every_format_made_by_gdal_imports_all_rows_with_the_same_lengths()
    {
        var dir = Gdal.TempDir();
        var src = SourceGeoJson(dir);
        var expected = await SourceMetresAsync(src);

        // name -> (file to upload, extra form fields)
        var gpkg = Path.Combine(dir, "roads.gpkg");
        await Gdal.Run("ogr2ogr", "-f", "GPKG", gpkg, src);
        var fgb = Path.Combine(dir, "roads.fgb");
        await Gdal.Run("ogr2ogr", "-f", "FlatGeobuf", fgb, src);
        var kml = Path.Combine(dir, "roads.kml");
        await Gdal.Run("ogr2ogr", "-f", "KML", kml, src);
        var kmz = Path.Combine(dir, "roads.kmz");
        await Gdal.Run("ogr2ogr", "-f", "LIBKML", kmz, src);
        var csv = Path.Combine(dir, "roads.csv");
        await Gdal.Run("ogr2ogr", "-f", "CSV", csv, src, "-lco", "GEOMETRY=AS_WKT");
        // The Shapefile is in CGCS2000 / 3-degree GK CM 108E (EPSG:4545): the import reprojects from its .prj.
        var shpDir = Path.Combine(dir, "shp");
        await Gdal.Run("ogr2ogr", "-f", "ESRI Shapefile", shpDir, src, "-t_srs", "EPSG:4545", "-nln", "roads");
        var zip = Path.Combine(dir, "roads.zip");
        ZipFile.CreateFromDirectory(shpDir, zip);

        var cases = new (string File, (string, string)[] Fields)[]
        {
            (src, []), (gpkg, []), (fgb, []), (csv, []), (kml, []), (kmz, []),
            // dBase cut completed_on to 10 characters: the mapping names the source field.
            (zip, [("mapping", "{\"completed_on\": \"completed_\"}")]),
        };
        foreach (var (file, fields) in cases)
        {
            var r = await f.Http.PostAsync("/api/roads/import", Gdal.Upload(file, fields));
            var body = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{Path.GetFileName(file)}: {(int)r.StatusCode} {body}");
            var (count, metres) = await RoadsAsync();
            Assert.Equal(N, count);
            // Geodesic lengths agree to 0.1 % (the projected Shapefile round-trips to millimetres).
            Assert.True(Math.Abs(metres - expected) / expected < 0.001, $"{Path.GetFileName(file)}: {metres} m vs {expected} m");
            await ClearRoadsAsync();
        }
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Csv_with_lon_lat_in_gcj02_is_shifted_back_to_wgs84()
    {
        var dir = Gdal.TempDir();
        var csv = Path.Combine(dir, "wells.csv");
        // GCJ-02 (116.41024449916938, 39.91640428150164) is WGS84 (116.404, 39.915) (published pair).
        await File.WriteAllTextAsync(csv, "code,well_type,status,lon,lat\nGCJ1,hand_pumped,planned,116.41024449916938,39.91640428150164\n");
        var r = await f.Http.PostAsync("/api/wells/import", Gdal.Upload(csv, ("source_crs_offset", "gcj02")));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await using var conn = new NpgsqlConnection(f.Service.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT ST_X(geom), ST_Y(geom) FROM wells WHERE code = 'GCJ1'", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(116.404, reader.GetDouble(0), 1e-7);
        Assert.Equal(39.915, reader.GetDouble(1), 1e-7);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Mapping_renames_source_fields_and_unknown_targets_are_refused()
    {
        var dir = Gdal.TempDir();
        var csv = Path.Combine(dir, "w.csv");
        await File.WriteAllTextAsync(csv, "ID,TYPE,STATE,x,y\nMW1,other,completed,109.5,39.5\n");
        var bad = await f.Http.PostAsync("/api/wells/import", Gdal.Upload(csv, ("mapping", "{\"colour\": \"ID\"}")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("mapping.colour", (await bad.Json()).GetProperty("field").GetString());

        var ok = await f.Http.PostAsync("/api/wells/import", Gdal.Upload(csv, ("mapping", "{\"code\": \"ID\", \"well_type\": \"TYPE\", \"status\": \"STATE\"}")));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1, (await ok.Json()).GetProperty("imported").GetInt32());
        Directory.Delete(dir, true);
    }
}
