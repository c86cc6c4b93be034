using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;

namespace RelocationPlanner.Api.Tests.Import;

/// <summary>
/// Shapefiles keep what the dBase format cuts: completion dates survive an export and re-import (and so
/// the km-by-month report), cut and upper-case field names are read back, and every field left out is
/// named, in the API's result and in rp's output; rp export leaves no stray files.
/// </summary>
public class ShapefileRoundTripTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    async Task<List<string>> RowsAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(f.Service.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync()) rows.Add(string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    static bool Has(JsonElement result, string field, string rule) =>
        result.GetProperty("warnings").EnumerateArray().Any(w => w.GetProperty("field").GetString() == field && w.GetProperty("rule").GetString() == rule);

    [Fact]
    public async Task Roads_exported_as_a_shapefile_import_back_with_their_completion_dates_and_the_same_monthly_report()
    {
        await f.SeedUnitsAsync();
        var load = await f.Http.PostAsync("/api/roads/import",
            new StringContent(GeoJsonIO.ToJson(new ScaleGenerator(21).Roads(2000)), Encoding.UTF8, "application/geo+json"));
        Assert.Equal(HttpStatusCode.OK, load.StatusCode);
        const string DatesSql = "SELECT code, status, planned_on, started_on, completed_on FROM roads ORDER BY code";
        var dates = await RowsAsync(DatesSql);
        Assert.True(dates.Count(d => !d.EndsWith('|')) > 100, "the roads need completion dates");
        const string Monthly = "/api/reports/infrastructure/monthly?level=county";
        var report = (await (await f.Http.GetAsync(Monthly)).Json()).GetProperty("rows").GetRawText();
        Assert.True(report.Length > 100, report);

        var dir = Gdal.TempDir();
        var zip = Path.Combine(dir, "roads.zip");
        await File.WriteAllBytesAsync(zip, await f.Http.GetByteArrayAsync("/api/roads/export?format=shp"));
        using (var archive = ZipFile.OpenRead(zip))
            Assert.True(archive.Entries.Sum(e => e.Length) < 20 * new FileInfo(zip).Length, "the export should not be mostly padding");
        await RowsAsync("DELETE FROM roads");

        var back = await f.Http.PostAsync("/api/roads/import", Gdal.Upload(zip));
        var result = await back.Json();
        Assert.True(back.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.Equal(2000, result.GetProperty("imported").GetInt32());
        Assert.True(Has(result, "completed", "renamed"), result.ToString());
        Assert.Equal(dates, await RowsAsync(DatesSql));
        Assert.Equal(report, (await (await f.Http.GetAsync(Monthly)).Json()).GetProperty("rows").GetRawText());
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Cut_and_upper_case_dbase_names_are_read_back_and_fields_left_out_are_named()
    {
        var dir = Gdal.TempDir();
        var src = Path.Combine(dir, "wells.geojson");
        await File.WriteAllTextAsync(src, """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"CODE":"TW1","well_type":"hand_pumped","STATUS":"completed","completed_on":"2016-09-30","colour":"blue"},
              "geometry":{"type":"Point","coordinates":[109.2,39.2]}}]}
            """);
        // GDAL cuts completed_on to completed_ (10 characters), as ArcGIS does.
        var shp = Path.Combine(dir, "shp");
        await Gdal.Run("ogr2ogr", "-f", "ESRI Shapefile", shp, src, "-nln", "wells");
        var zip = Path.Combine(dir, "wells.zip");
        ZipFile.CreateFromDirectory(shp, zip);

        var r = await f.Http.PostAsync("/api/wells/import", Gdal.Upload(zip));
        var result = await r.Json();
        Assert.True(r.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.Equal(["TW1|completed|2016-09-30"], await RowsAsync("SELECT code, status, completed_on::text FROM wells WHERE code = 'TW1'"));
        Assert.True(Has(result, "completed_", "renamed") && Has(result, "CODE", "renamed") && Has(result, "STATUS", "renamed"), result.ToString());
        Assert.True(Has(result, "colour", "dropped"), result.ToString());
        Assert.Contains("colour", result.GetProperty("warnings").EnumerateArray().First(w => w.GetProperty("field").GetString() == "colour").GetProperty("message").GetString());
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Rp_export_writes_a_named_zip_and_nothing_else_and_rp_import_reports_what_it_renamed()
    {
        var load = await f.Http.PostAsync("/api/power_lines/import",
            new StringContent(GeoJsonIO.ToJson(new ScaleGenerator(4).PowerLines(50)), Encoding.UTF8, "application/geo+json"));
        Assert.Equal(HttpStatusCode.OK, load.StatusCode);
        var db = f.Service.ConnectionString;
        var cwd = Gdal.TempDir();

        var shp = await Cli.Rp.RunInAsync(cwd, db, null, "export", "power_lines", "--format", "shp", "-o", "lines.shp");
        Assert.True(shp.Code == 0, shp.Err);
        Assert.Contains("lines.zip", shp.Out);
        Assert.Contains("zip of .shp", shp.Out);
        foreach (var format in new[] { "kml", "csv", "gpkg" })
        {
            var other = await Cli.Rp.RunInAsync(cwd, db, null, "export", "power_lines", "--format", format, "-o", "lines." + format);
            Assert.True(other.Code == 0, other.Err);
        }
        // GDAL once took CPL_LOG=OFF for a file name and left "OFF" here.
        Assert.Equal(["lines.csv", "lines.gpkg", "lines.kml", "lines.zip"], Directory.GetFiles(cwd).Select(p => Path.GetFileName(p)).Order().ToArray());

        var missing = await Cli.Rp.RunInAsync(cwd, db, null, "export", "power_lines", "--format", "gpkg", "-o", "/no-such-folder-rp/lines.gpkg");
        Assert.Equal(2, missing.Code); // a usage error, refused before any work
        Assert.Contains("/no-such-folder-rp for --output does not exist", missing.Err);
        Assert.DoesNotContain("   at ", missing.Err);

        var help = await Cli.Rp.RunInAsync(cwd, db, null, "export", "--help");
        Assert.Equal(0, help.Code);
        Assert.Contains("writes roads.zip", help.Out);

        await RowsAsync("DELETE FROM power_lines");
        var import = await Cli.Rp.RunInAsync(cwd, db, null, "import", "lines.zip", "--into", "power_lines");
        Assert.True(import.Code == 0, import.Err);
        Assert.Contains("warning: completed: renamed: completed was read as completed_on", import.Err);
        Assert.Equal(["50"], await RowsAsync("SELECT count(*) FROM power_lines"));
        Directory.Delete(cwd, true);
    }
}
