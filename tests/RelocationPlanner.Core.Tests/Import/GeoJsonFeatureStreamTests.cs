using System.Text;
using RelocationPlanner.Core.GeoJson;
using RelocationPlanner.Core.Generation;
using RelocationPlanner.Core.Import;

namespace RelocationPlanner.Core.Tests.Import;

public class GeoJsonFeatureStreamTests
{
    [Fact]
    public async Task Reads_features_across_buffer_refills_including_one_larger_than_the_buffer()
    {
        var big = string.Join(",", Enumerable.Range(0, 80_000).Select(i => $"[{108 + i * 1e-6:0.000000},39.0]"));
        var json = "{\"bbox\":[1,2,3,4],\"type\":\"FeatureCollection\",\"features\":[" +
                   string.Join(",", Enumerable.Range(0, 3000).Select(i => $"{{\"type\":\"Feature\",\"properties\":{{\"code\":\"R{i}\"}},\"geometry\":null}}")) +
                   $",{{\"type\":\"Feature\",\"properties\":{{\"code\":\"BIG\"}},\"geometry\":{{\"type\":\"LineString\",\"coordinates\":[{big}]}}}}" +
                   "],\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}}}";
        Assert.True(json.Length > 1 << 20);
        var reader = new GeoJsonFeatureStream(new MemoryStream(Encoding.UTF8.GetBytes(json)), sequence: false);
        var codes = new List<string>();
        await foreach (var d in reader.ReadAsync())
            using (d) codes.Add(d.RootElement.GetProperty("properties").GetProperty("code").GetString()!);
        Assert.Equal(3001, codes.Count);
        Assert.Equal("R2999", codes[2999]);
        Assert.Equal("BIG", codes[^1]);
        Assert.Null(reader.CrsError);
    }

    [Fact]
    public async Task A_crs_other_than_wgs84_is_refused_and_a_feature_past_the_byte_limit_is_not_buffered()
    {
        var reader = new GeoJsonFeatureStream(new MemoryStream(Encoding.UTF8.GetBytes(
            "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4547\"}},\"features\":[]}")), sequence: false);
        await foreach (var d in reader.ReadAsync()) d.Dispose();
        Assert.Equal(("crs", "unknown_crs"), (reader.CrsError!.Field, reader.CrsError.Rule));

        var big = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":null},{\"type\":\"Feature\",\"properties\":{\"pad\":\""
                  + new string('x', 3 << 20) + "\"},\"geometry\":null}]}";
        var limited = new GeoJsonFeatureStream(new MemoryStream(Encoding.UTF8.GetBytes(big)), sequence: false, maxFeatureBytes: 2 << 20);
        var e = await Assert.ThrowsAsync<GeoJsonStreamException>(async () => { await foreach (var d in limited.ReadAsync()) d.Dispose(); });
        Assert.Equal(("feature_too_large", 2L), (e.Rule, e.FeatureIndex + 1));
    }

    [Fact]
    public async Task Reads_a_geojson_text_sequence()
    {
        var docs = await GeoJsonFeatureStream.ReadAllAsync("{\"type\":\"Feature\",\"properties\":{},\"geometry\":null}\n{\"type\":\"Feature\",\"properties\":{},\"geometry\":null}\n", sequence: true);
        Assert.Equal(2, docs.Count);
    }

    [Theory]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":null},{\"type\":\"Feat", 2)]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\"} {}]}", 2)]
    [InlineData("", 1)]
    [InlineData("{\"type\":\"Feature\",\"properties\":{}}", 1)]
    public async Task Truncated_or_malformed_input_names_the_feature(string json, long featureNumber)
    {
        var e = await Assert.ThrowsAsync<GeoJsonStreamException>(() => GeoJsonFeatureStream.ReadAllAsync(json));
        Assert.Equal(featureNumber, e.FeatureIndex + 1);
    }

    [Fact]
    public void The_generator_is_deterministic_and_its_features_pass_the_collection_rules()
    {
        var a = GeoJsonIO.ToJson(new ScaleGenerator(9).Roads(200));
        Assert.Equal(a, GeoJsonIO.ToJson(new ScaleGenerator(9).Roads(200)));
        Assert.NotEqual(a, GeoJsonIO.ToJson(new ScaleGenerator(10).Roads(200)));
        foreach (var (collection, json) in new[]
                 {
                     (RelocationPlanner.Core.Features.Collections.Roads, a),
                     (RelocationPlanner.Core.Features.Collections.Roads, GeoJsonIO.ToJson(new ScaleGenerator(9).RoadNetwork(300, 10))),
                     (RelocationPlanner.Core.Features.Collections.Wells, GeoJsonIO.ToJson(new ScaleGenerator(9).Wells(200))),
                     (RelocationPlanner.Core.Features.Collections.Sites, GeoJsonIO.ToJson(new ScaleGenerator(9).Sites(200))),
                     (RelocationPlanner.Core.Features.Collections.PowerLines, GeoJsonIO.ToJson(new ScaleGenerator(9).PowerLines(200))),
                     (RelocationPlanner.Core.Features.Collections.Towns, GeoJsonIO.ToJson(new ScaleGenerator(9).Towns(200))),
                 })
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            var row = 0;
            foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
            {
                var (parsed, errors) = ImportRows.Read(f, ++row, collection, new ImportSettings());
                Assert.True(parsed is not null, $"{collection.Id} row {row}: {string.Join("; ", errors.Select(e => e.Message))}");
            }
        }
        var households = new ScaleGenerator(9).Households(100, 50).ToList();
        Assert.Equal(100, households.Count);
        Assert.All(households, h => Assert.Equal(RelocationPlanner.Core.Registry.HouseholdCsv.AllColumns.Count, h.Length));
    }
}
