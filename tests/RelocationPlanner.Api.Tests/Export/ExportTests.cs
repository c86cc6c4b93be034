using System.IO.Compression;
using System.Net;
using System.Text.Json;
using RelocationPlanner.Api.Tests.Import;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;

namespace RelocationPlanner.Api.Tests.Export;

/// <summary>Exports in every format, reopened with GDAL: counts, field names, filters, Shapefile rules.</summary>
public class ExportTests(ServiceFixture f) : IClassFixture<ServiceFixture>, IAsyncLifetime
{
    const int Roads = 60, Sites = 30;

    public async Task InitializeAsync()
    {
        if (await f.CountAsync("roads") > 0) return;
        foreach (var (collection, features) in new[] { ("roads", new ScaleGenerator(5).Roads(Roads)), ("sites", new ScaleGenerator(5).Sites(Sites)) })
        {
            var r = await f.Http.PostAsync($"/api/{collection}/import",
                new StringContent(GeoJsonIO.ToJson(features), System.Text.Encoding.UTF8, "application/geo+json"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Downloads an export and converts it back to GeoJSON with ogr2ogr; returns the features.</summary>
    async Task<List<JsonElement>> RoundTrip(string url, string ext, string? layer = null)
    {
        var r = await f.Http.GetAsync(url);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{url}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        var dir = Gdal.TempDir();
        var file = Path.Combine(dir, "export" + ext);
        await File.WriteAllBytesAsync(file, await r.Content.ReadAsByteArrayAsync());
        var source = file;
        if (ext == ".zip")
        {
            using (var zip = ZipFile.OpenRead(file))
            {
                var names = zip.Entries.Select(e => e.Name).ToList();
                Assert.Contains(names, n => n.EndsWith(".prj", StringComparison.Ordinal));
                Assert.Contains(names, n => n.EndsWith(".shp", StringComparison.Ordinal));
            }
            source = "/vsizip/" + file;
        }
        var back = Path.Combine(dir, "back.geojson");
        string[] args = ["-f", "GeoJSON", back, source];
        if (layer is not null) args = [.. args, layer];
        await Gdal.Run("ogr2ogr", args);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(back));
        var features = doc.RootElement.GetProperty("features").EnumerateArray().Select(x => x.Clone()).ToList();
        Directory.Delete(dir, true);
        return features;
    }

    [Theory]
    [InlineData("geojson", ".geojson")]
    [InlineData("gpkg", ".gpkg")]
    [InlineData("kml", ".kml")]
    [InlineData("csv", ".csv")]
    [InlineData("fgb", ".fgb")]
    [InlineData("shp", ".zip")]
    public async Task Each_format_reopens_in_gdal_with_all_features_and_fields(string format, string ext)
    {
        var all = await RoundTrip($"/api/roads/export?format={format}", ext);
        Assert.Equal(Roads, all.Count);
        var props = all[0].GetProperty("properties");
        var expected = format == "shp" ? new[] { "code", "road_class", "status", "planned_on", "completed" } : ["code", "road_class", "status", "planned_on", "completed_on"];
        if (format == "kml") expected = ["road_class", "status"]; // KML keeps code/name as Name/Description fields
        foreach (var name in expected) Assert.True(props.TryGetProperty(name, out _), $"{format}: no field {name} in {props}");
        if (format == "shp") Assert.All(props.EnumerateObject(), p => Assert.True(p.Name.Length <= 10, p.Name));

        var completed = await RoundTrip($"/api/roads/export?format={format}&status=completed", ext);
        Assert.True(completed.Count > 0 && completed.Count < Roads);
        Assert.All(completed, x => Assert.Equal("completed", x.GetProperty("properties").GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_mixed_geometry_collection_becomes_one_shapefile_layer_per_type()
    {
        var polygons = await RoundTrip("/api/sites/export?format=shp", ".zip", "sites_polygon");
        var points = await RoundTrip("/api/sites/export?format=shp", ".zip", "sites_point");
        Assert.Equal(Sites, polygons.Count + points.Count);
        Assert.All(polygons, p => Assert.True(p.GetProperty("properties").TryGetProperty("capacity", out _)));
        Assert.All(points, p => Assert.Equal("Point", p.GetProperty("geometry").GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Bbox_limits_the_export_and_bad_parameters_are_problems()
    {
        var inside = await RoundTrip($"/api/roads/export?format=geojson&bbox={ScaleGenerator.MinLon},{ScaleGenerator.MinLat},109.1,{ScaleGenerator.MaxLat}", ".geojson");
        Assert.True(inside.Count > 0 && inside.Count < Roads);

        foreach (var (query, field) in new[] { ("format=dwg", "format"), ("status=done", "status"), ("colour=red", "colour"),
                     ("bbox=1,2,3", "bbox"), ("code%3D%27x%27%20OR%201=1", "code='x' OR 1") })
        {
            var r = await f.Http.GetAsync("/api/roads/export?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Equal(field, (await r.Json()).GetProperty("field").GetString());
        }
    }
}
