using System.Text.Json;
using RelocationPlanner.Core.Features;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Ogc;

/// <summary>
/// Real GIS clients against the OGC API: GDAL's OAPIF driver (ogrinfo/ogr2ogr, -where pushed
/// down as a filter) and QGIS 3.22 headless (python3-qgis: every collection and its count from
/// numberMatched, a layer filter, the vector tiles styled by /api/map/style.json rendered to a
/// PNG under artifacts/ogc).
/// </summary>
[Collection(OgcDemo.Name)]
public class GisClientsTests(DemoServiceFixture f)
{
    [Fact]
    public async Task Gdal_pushes_where_down_as_a_cql_text_filter_and_reads_what_PostGIS_selects()
    {
        const string where = "road_class = 'county' AND completed_on >= '2016-01-01'";
        var expected = await f.CountAsync("roads WHERE road_class = 'county' AND completed_on >= '2016-01-01'");
        Assert.True(expected > 0);
        var env = new Dictionary<string, string> { ["CPL_DEBUG"] = "ON", ["CPL_LOG"] = Path.Combine(Path.GetTempPath(), $"gdal-{Guid.NewGuid():N}.log") };
        var json = await TestDatabase.Run("ogr2ogr", $"-f GeoJSON /vsistdout/ OAPIF:{f.Service.BaseUrl}/ogc roads -where \"{where}\"", env);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(expected, doc.RootElement.GetProperty("features").GetArrayLength());
        // GDAL 3.6 sends the whole condition as CQL text (under its pre-standard name cql-text), no client-side evaluation.
        var log = await File.ReadAllTextAsync(env["CPL_LOG"]);
        File.Delete(env["CPL_LOG"]);
        Assert.Contains("filter-lang=cql-text", log);
        Assert.Contains("filter=(road_class%20%3D%20'county')%20AND%20(completed_on%20%3E%3D%20'2016-01-01T')", log);
        Assert.DoesNotContain("Only part of the filter", log);
    }

    [Fact]
    public async Task Gdal_reads_the_feature_count_from_numberMatched_and_a_spatial_filter_as_bbox()
    {
        var info = await TestDatabase.Run("ogrinfo", $"-ro -so OAPIF:{f.Service.BaseUrl}/ogc wells");
        Assert.Contains($"Feature Count: {await f.CountAsync("wells")}", info);
        var json = await TestDatabase.Run("ogr2ogr", $"-f GeoJSON /vsistdout/ OAPIF:{f.Service.BaseUrl}/ogc towns -spat 109.5 39.3 110.3 40.0");
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(await f.CountAsync("towns WHERE ST_Intersects(geom, ST_MakeEnvelope(109.5, 39.3, 110.3, 40.0, 4326))"), doc.RootElement.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task Qgis_loads_every_collection_with_its_count_filters_and_draws_the_styled_vector_tiles()
    {
        var outDir = Path.Combine(TestDatabase.RepoRoot, "artifacts", "ogc");
        var script = Path.Combine(TestDatabase.RepoRoot, "tests", "RelocationPlanner.Api.Tests", "Ogc", "qgis_check.py");
        // Qt wants a private runtime folder (0700: what CreateTempSubdirectory makes).
        var runtime = Directory.CreateTempSubdirectory("rp-qgis-");
        string output;
        try
        {
            output = await TestDatabase.Run("/usr/bin/python3", $"{script} {f.Service.BaseUrl} {outDir}",
                new Dictionary<string, string> { ["QT_QPA_PLATFORM"] = "offscreen", ["XDG_RUNTIME_DIR"] = runtime.FullName });
        }
        finally
        {
            runtime.Delete(true);
        }
        using var doc = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var report = doc.RootElement;
        Assert.StartsWith("3.22", report.GetProperty("version").GetString());
        foreach (var c in Collections.All)
        {
            var layer = report.GetProperty("layers").GetProperty(c.Id);
            Assert.True(layer.GetProperty("valid").GetBoolean(), c.Id);
            // The count shown right after loading, before QGIS read any feature: numberMatched.
            Assert.Equal(await f.CountAsync(c.Table), layer.GetProperty("count").GetInt64());
            Assert.Equal("EPSG:4326", layer.GetProperty("crs").GetString());
            foreach (var p in c.Properties) Assert.Contains(p.Name, layer.GetProperty("fields").EnumerateArray().Select(x => x.GetString()));
            if (layer.TryGetProperty("read", out var read)) Assert.Equal(await f.CountAsync(c.Table), read.GetInt64());
        }
        Assert.True(report.GetProperty("filtered").GetProperty("applied").GetBoolean());
        Assert.Equal(await f.CountAsync("roads WHERE road_class = 'county' AND status = 'completed'"), report.GetProperty("filtered").GetProperty("read").GetInt64());

        var tiles = report.GetProperty("tiles");
        Assert.True(tiles.GetProperty("valid").GetBoolean());
        Assert.Empty(tiles.GetProperty("warnings").EnumerateArray());
        var render = report.GetProperty("render");
        Assert.True(File.Exists(render.GetProperty("png").GetString()));
        // The style's own colours cover the picture: its background, the banner boundaries, the power lines.
        var pixels = render.GetProperty("pixels");
        Assert.True(pixels.GetProperty("background").GetInt32() > 20_000, pixels.ToString());
        Assert.True(pixels.GetProperty("admin_units").GetInt32() > 300, pixels.ToString());
        Assert.True(pixels.GetProperty("power_lines").GetInt32() + pixels.GetProperty("power_lines_110kv").GetInt32() > 300, pixels.ToString());
    }
}
