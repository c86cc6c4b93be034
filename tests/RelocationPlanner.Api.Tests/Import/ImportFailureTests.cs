using System.IO.Compression;
using System.Net;
using System.Text.Json;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;

namespace RelocationPlanner.Api.Tests.Import;

/// <summary>Bad files answer problem+json naming the file, row and field, and import nothing; background jobs report progress and results.</summary>
public class ImportFailureTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    static string Wells(string dir, int n = 5)
    {
        var path = Path.Combine(dir, "wells.geojson");
        using var file = File.Create(path);
        GeoJsonIO.WriteCollection(file, new ScaleGenerator(3).Wells(n));
        return path;
    }

    async Task<JsonElement> Refused(string file, HttpStatusCode status, string rule, params (string, string)[] fields)
    {
        var r = await f.Http.PostAsync("/api/wells/import", Gdal.Upload(file, fields));
        var body = await r.Json();
        Assert.True(status == r.StatusCode, $"{(int)r.StatusCode} {body}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Path.GetFileName(file), body.GetProperty("file").GetString());
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("rule").GetString() == rule);
        Assert.Equal(0, await f.CountAsync("wells"));
        return body;
    }

    [Fact]
    public async Task Broken_files_are_refused_naming_file_row_and_field_and_nothing_is_imported()
    {
        var dir = Gdal.TempDir();
        var good = Wells(dir);

        var truncated = Path.Combine(dir, "truncated.geojson");
        var bytes = await File.ReadAllBytesAsync(good);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length * 2 / 3)]);
        var t = await Refused(truncated, HttpStatusCode.UnprocessableEntity, "unreadable");
        Assert.True(t.GetProperty("row").GetInt64() >= 1);

        var corrupt = Path.Combine(dir, "corrupt.gpkg");
        await File.WriteAllBytesAsync(corrupt, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
        await Refused(corrupt, HttpStatusCode.UnprocessableEntity, "unreadable");

        var noShp = Path.Combine(dir, "noshp.zip");
        using (var z = ZipFile.Open(noShp, ZipArchiveMode.Create)) z.CreateEntryFromFile(good, "wells.geojson");
        await Refused(noShp, HttpStatusCode.UnprocessableEntity, "zip_without_shp");

        // A Shapefile without .prj: its coordinate system is unknown.
        var shpDir = Path.Combine(dir, "shp");
        await Gdal.Run("ogr2ogr", "-f", "ESRI Shapefile", shpDir, good, "-nln", "wells");
        File.Delete(Path.Combine(shpDir, "wells.prj"));
        var noPrj = Path.Combine(dir, "noprj.zip");
        ZipFile.CreateFromDirectory(shpDir, noPrj);
        await Refused(noPrj, HttpStatusCode.UnprocessableEntity, "unknown_crs");

        var noGeometry = Path.Combine(dir, "nogeom.csv");
        await File.WriteAllTextAsync(noGeometry, "code,well_type,status\nW1,other,planned\n");
        await Refused(noGeometry, HttpStatusCode.UnprocessableEntity, "no_geometry");

        var badNumbers = Path.Combine(dir, "badnumbers.csv");
        await File.WriteAllTextAsync(badNumbers, "code,well_type,status,lon,lat\nW1,other,planned,109.5,39.5\nW2,other,planned,109.6,thirty-nine\n");
        var b = await Refused(badNumbers, HttpStatusCode.BadRequest, "number");
        Assert.Equal(2, b.GetProperty("row").GetInt64());
        Assert.Equal("features[1].properties.lat", b.GetProperty("field").GetString());

        var unknown = Path.Combine(dir, "wells.dwg");
        await File.WriteAllTextAsync(unknown, "not a gis file");
        await Refused(unknown, HttpStatusCode.UnsupportedMediaType, "format");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task A_background_import_answers_202_and_the_job_reports_the_result()
    {
        var dir = Gdal.TempDir();
        var gpkg = Path.Combine(dir, "bg.gpkg");
        await Gdal.Run("ogr2ogr", "-f", "GPKG", gpkg, Wells(dir, 300), "-nln", "wells");
        var r = await f.Http.PostAsync("/api/power_lines/import?background=true", Gdal.Upload(gpkg));
        // Points into power_lines: every row breaks the geometry rule; the job fails with row errors.
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        var failed = await PollAsync(r.Headers.Location!.ToString());
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(1, failed.GetProperty("errors")[0].GetProperty("row").GetInt64());
        Assert.Equal("geometry.type", failed.GetProperty("errors")[0].GetProperty("field").GetString());

        r = await f.Http.PostAsync("/api/wells/import?background=true", Gdal.Upload(gpkg));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        Assert.Equal("queued", (await r.Json()).GetProperty("status").GetString());
        var done = await PollAsync(r.Headers.Location!.ToString());
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(1.0, done.GetProperty("progress").GetDouble());
        Assert.Equal(300, done.GetProperty("result").GetProperty("imported").GetInt32());
        Assert.Equal(300, await f.CountAsync("wells"));
        await using (var conn = new Npgsql.NpgsqlConnection(f.Service.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("DELETE FROM wells", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        Directory.Delete(dir, true);
    }

    async Task<JsonElement> PollAsync(string location)
    {
        for (var i = 0; i < 600; i++)
        {
            var job = await (await f.Http.GetAsync(location)).Json();
            if (job.GetProperty("status").GetString() is "succeeded" or "failed") return job;
            await Task.Delay(200);
        }
        throw new TimeoutException("The job did not finish.");
    }
}
