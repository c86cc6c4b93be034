using System.Net;
using System.Text;
using RelocationPlanner.Api.Map;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Api.Tests.Ogc;

/// <summary>
/// OGC API - Tiles (core, tileset, tilesets-list, dataset and geodata tilesets, MVT; TMS 2.0
/// WebMercatorQuad), TileJSON, and the MapLibre style built from the /api/map definition.
/// </summary>
[Collection(OgcDemo.Name)]
public class TilesAndStyleTests(DemoServiceFixture f)
{
    const string Mvt = "application/vnd.mapbox-vector-tile";

    [Fact]
    public async Task WebMercatorQuad_is_defined_as_TMS_2_0_says()
    {
        var list = await f.Http.GetJson("/ogc/tileMatrixSets");
        var tms = list.GetProperty("tileMatrixSets").EnumerateArray().Single();
        Assert.Equal("WebMercatorQuad", tms.GetProperty("id").GetString());
        var href = tms.GetProperty("links")[0].GetProperty("href").GetString()!;
        var def = await f.Http.GetJson(href);
        Assert.Equal("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad", def.GetProperty("uri").GetString());
        Assert.Equal("http://www.opengis.net/def/crs/EPSG/0/3857", def.GetProperty("crs").GetString());
        var matrices = def.GetProperty("tileMatrices").EnumerateArray().ToList();
        Assert.Equal(25, matrices.Count);
        for (var z = 0; z < matrices.Count; z++)
        {
            Assert.Equal(z.ToString(System.Globalization.CultureInfo.InvariantCulture), matrices[z].GetProperty("id").GetString());
            Assert.Equal(1L << z, matrices[z].GetProperty("matrixWidth").GetInt64());
            // 256 cells across the world's 2 x 20037508.34 m.
            Assert.Equal(2 * 20037508.3427892 / 256 / (1L << z), matrices[z].GetProperty("cellSize").GetDouble(), 6);
            Assert.Equal("topLeft", matrices[z].GetProperty("cornerOfOrigin").GetString());
        }
    }

    [Fact]
    public async Task The_landing_page_and_each_collection_link_to_vector_tilesets_with_a_tile_template()
    {
        const string rel = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";
        var sources = new List<(string List, string[] Layers, CollectionSpec At)> { ((await f.Http.GetJson("/ogc")).Links(rel).Single().GetProperty("href").GetString()!, [.. Collections.All.Select(c => c.Id)], Collections.Wells) };
        foreach (var c in Collections.All)
            sources.Add(((await f.Http.GetJson($"/ogc/collections/{c.Id}")).Links(rel).Single().GetProperty("href").GetString()!, [c.Id], c));
        foreach (var (listHref, layers, at) in sources)
        {
            var tileset = (await f.Http.GetJson(listHref)).GetProperty("tilesets")[0];
            Assert.Equal("vector", tileset.GetProperty("dataType").GetString());
            var meta = await f.Http.GetJson(tileset.Links("self").Single().GetProperty("href").GetString()!);
            Assert.Equal(layers, meta.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("id").GetString()));
            Assert.Single(meta.Links("http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"));
            var item = meta.Links("item").Single();
            Assert.True(item.GetProperty("templated").GetBoolean());
            Assert.Equal(Mvt, item.GetProperty("type").GetString());
            // The tile holding a feature of the collection has its layer (the dataset's: the wells' tile has wells).
            var (z, x, y) = await TileOf(at, 12);
            var url = item.GetProperty("href").GetString()!.Replace("{tileMatrix}", $"{z}").Replace("{tileRow}", $"{y}").Replace("{tileCol}", $"{x}");
            var tile = await f.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
            Assert.Equal(Mvt, tile.Content.Headers.ContentType!.MediaType);
            var names = LayerNames(await tile.Content.ReadAsByteArrayAsync());
            Assert.Contains(at.Id, names);
            if (layers.Length == 1) Assert.Equal(layers, names);
        }
    }

    [Fact]
    public async Task A_collection_tile_is_the_same_tile_as_tiles_with_the_same_ETag()
    {
        var ogc = await f.Http.GetAsync("/ogc/collections/roads/tiles/WebMercatorQuad/9/194/413");
        var plain = await f.Http.GetAsync("/tiles/roads/9/413/194.pbf");
        Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), await ogc.Content.ReadAsByteArrayAsync());
        Assert.Equal(plain.Headers.ETag, ogc.Headers.ETag);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/ogc/collections/roads/tiles/WebMercatorQuad/9/194/413");
        again.Headers.IfNoneMatch.Add(ogc.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await f.Http.SendAsync(again)).StatusCode);
    }

    [Theory]
    [InlineData("/ogc/tiles/WebMercatorQuad/3/8/1", HttpStatusCode.BadRequest, "tileRow")]
    [InlineData("/ogc/tiles/WebMercatorQuad/3/1/8", HttpStatusCode.BadRequest, "tileCol")]
    [InlineData("/ogc/tiles/WebMercatorQuad/x/0/0", HttpStatusCode.BadRequest, "tileMatrix")]
    [InlineData("/ogc/tiles/WebMercatorQuad/17/0/0", HttpStatusCode.NotFound, null)]
    [InlineData("/ogc/tiles/WorldCRS84Quad/1/0/0", HttpStatusCode.NotFound, null)]
    [InlineData("/ogc/collections/nope/tiles/WebMercatorQuad/1/0/0", HttpStatusCode.NotFound, null)]
    public async Task Tiles_outside_the_tileset_are_400_or_404(string url, HttpStatusCode status, string? field)
    {
        var r = await f.Http.GetAsync(url);
        Assert.Equal(status, r.StatusCode);
        if (field is not null) Assert.Equal(field, (await r.Json()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task TileJSON_names_every_layer_and_a_tile_url_that_serves_them()
    {
        var tj = await f.Http.GetJson("/ogc/tiles/WebMercatorQuad/tilejson");
        Assert.Equal("3.0.0", tj.GetProperty("tilejson").GetString());
        Assert.Equal(Collections.All.Select(c => c.Id), tj.GetProperty("vector_layers").EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        var template = tj.GetProperty("tiles")[0].GetString()!;
        Assert.StartsWith(f.Service.BaseUrl, template);
        foreach (var c in Collections.All)
        {
            var (z, x, y) = await TileOf(c, 11);
            var tile = await f.Http.GetByteArrayAsync(template.Replace("{z}", $"{z}").Replace("{x}", $"{x}").Replace("{y}", $"{y}"));
            Assert.Contains(c.Id, LayerNames(tile));
        }
        var bounds = tj.GetProperty("bounds").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(0L, await f.ScalarAsync<long>("SELECT count(*) FROM admin_units WHERE NOT ST_Covers(ST_MakeEnvelope($1, $2, $3, $4, 4326), geom)", bounds[0], bounds[1], bounds[2], bounds[3]));
    }

    [Fact]
    public async Task The_style_draws_the_map_definition_from_the_dataset_tiles()
    {
        var style = await f.Http.GetJson("/api/map/style.json");
        var definition = PlannerMap.Build(null);
        Assert.Equal(8, style.GetProperty("version").GetInt32());
        var source = style.GetProperty("sources").GetProperty("rp");
        Assert.Equal("vector", source.GetProperty("type").GetString());
        var tj = await f.Http.GetJson(source.GetProperty("url").GetString()!);
        var tileLayers = tj.GetProperty("vector_layers").EnumerateArray().Select(l => l.GetProperty("id").GetString()).ToHashSet();
        var layers = style.GetProperty("layers").EnumerateArray().Skip(1).ToList();
        Assert.Equal("background", style.GetProperty("layers")[0].GetProperty("type").GetString());
        Assert.Equal(layers.Count, layers.Select(l => l.GetProperty("id").GetString()).Distinct().Count());
        Assert.All(layers, l => Assert.Contains(l.GetProperty("source-layer").GetString(), tileLayers));
        // Each layer of the definition is drawn, in the definition's order, from its zoom (one less: 512-pixel tiles).
        Assert.Equal(definition.Layers.Select(l => l.Id), layers.Select(l => l.GetProperty("source-layer").GetString()).Distinct());
        foreach (var def in definition.Layers)
            Assert.All(layers.Where(l => l.GetProperty("source-layer").GetString() == def.Id), l => Assert.Equal(Math.Max(0, def.MinZoom - 1), l.GetProperty("minzoom").GetInt32()));
        // The paint of a case is the definition's: national roads red and 3.5 wide, planned ones dashed.
        var national = layers.Where(l => l.GetProperty("id").GetString()!.StartsWith("roads-line", StringComparison.Ordinal)
            && l.GetProperty("filter")[2].ToString() == """["==","road_class","national"]""").ToList();
        Assert.Equal(4, national.Count); // planned, under construction, completed, other status
        Assert.All(national, l => Assert.Equal("#c0392b", l.GetProperty("paint").GetProperty("line-color").GetString()));
        Assert.All(national, l => Assert.Equal(3.5, l.GetProperty("paint").GetProperty("line-width").GetDouble()));
        var planned = national.Single(l => l.GetProperty("filter")[3].ToString() == """["==","status","planned"]""");
        Assert.Equal([Math.Round(8 / 3.5, 2), Math.Round(6 / 3.5, 2)], planned.GetProperty("paint").GetProperty("line-dasharray").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(["national", "planned"], planned.GetProperty("metadata").GetProperty("rp:legend").EnumerateArray().Select(v => v.GetString()));
        // A site that is one household is a point in the sites layer, coloured as the definition says.
        Assert.Contains(layers, l => l.GetProperty("source-layer").GetString() == "sites" && l.GetProperty("type").GetString() == "circle"
            && l.GetProperty("paint").GetProperty("circle-color").GetString() == "#d35400");
    }

    /// <summary>The WebMercatorQuad tile at zoom <paramref name="z"/> that holds a point of the collection's first feature.</summary>
    async Task<(int Z, long X, long Y)> TileOf(CollectionSpec c, int z)
    {
        var lon = await f.ScalarAsync<double>($"SELECT ST_X(ST_PointOnSurface(geom)) FROM {c.Table} ORDER BY id LIMIT 1");
        var lat = await f.ScalarAsync<double>($"SELECT ST_Y(ST_PointOnSurface(geom)) FROM {c.Table} ORDER BY id LIMIT 1");
        var n = 1L << z;
        var r = lat * Math.PI / 180;
        return (z, (long)Math.Floor((lon + 180) / 360 * n), (long)Math.Floor((1 - Math.Asinh(Math.Tan(r)) / Math.PI) / 2 * n));
    }

    /// <summary>The layer names of an MVT (a protobuf: Tile.layers = field 3, Layer.name = field 1); layers concatenate.</summary>
    static List<string> LayerNames(byte[] tile)
    {
        var names = new List<string>();
        var i = 0;
        while (i < tile.Length)
        {
            var key = (int)Varint(tile, ref i);
            var length = (int)Varint(tile, ref i);
            Assert.Equal((3 << 3) | 2, key);
            var end = i + length;
            while (i < end)
            {
                var k = (int)Varint(tile, ref i);
                if (k == ((1 << 3) | 2))
                {
                    var n = (int)Varint(tile, ref i);
                    names.Add(Encoding.UTF8.GetString(tile, i, n));
                }
                i = end;
            }
        }
        return names;
    }

    static ulong Varint(byte[] b, ref int i)
    {
        ulong v = 0;
        for (var shift = 0; ; shift += 7)
        {
            var x = b[i++];
            v |= (ulong)(x & 0x7f) << shift;
            if (x < 0x80) return v;
        }
    }
}
