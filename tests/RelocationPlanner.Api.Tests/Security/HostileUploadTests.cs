using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using RelocationPlanner.Api.Tests.Import;
using Xunit.Abstractions;

namespace RelocationPlanner.Api.Tests.Security;

/// <summary>
/// Uploads built to attack the import: VRT files disguised as every accepted format (pointing at the
/// database, a local file and a URL), GeoPackage SQL tricks, KML links, zip path tricks, decompression
/// bombs and files that keep GDAL busy or hungry. Each is refused with problem+json naming the field,
/// stores nothing, leaves the spool empty, and the service stays healthy and under 1.5 GB.
/// </summary>
public class HostileUploadTests(HostileUploadFixture f, ITestOutputHelper output) : IClassFixture<HostileUploadFixture>, IDisposable
{
    readonly string dir = Gdal.TempDir();

    public void Dispose() => Directory.Delete(dir, true);

    /// <summary>Posts the file as a wells import and checks everything a refusal must hold; returns the problem body.</summary>
    async Task<System.Text.Json.JsonElement> Refused(string file, HttpStatusCode[] statuses, params string[] rules)
    {
        var r = await f.Http.PostAsync("/api/wells/import", Gdal.Upload(file));
        var body = await Hostile.Json(r);
        Assert.True(statuses.Contains(r.StatusCode), $"{Path.GetFileName(file)}: {(int)r.StatusCode} {body}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal("file", body.GetProperty("field").GetString());
        var rule = body.GetProperty("errors")[0].GetProperty("rule").GetString();
        if (rules.Length > 0) Assert.True(rules.Contains(rule), $"{Path.GetFileName(file)}: rule {rule}, expected {string.Join(" or ", rules)}: {body}");
        await AssertUnharmedAsync();
        return body;
    }

    async Task AssertUnharmedAsync()
    {
        Assert.Equal(0, await f.CountAsync("wells"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.Spool));
        Assert.Equal(HttpStatusCode.OK, (await f.Http.GetAsync("/health")).StatusCode);
        // The peak (VmHWM) also covers the moments between these checks.
        var (rss, peak) = f.ServiceMemory();
        output.WriteLine($"service memory: {rss >> 20} MiB resident, peak {peak >> 20} MiB");
        Assert.True(peak < HostileUploadFixture.MaxServiceRss, $"service RSS {rss >> 20} MiB, peak {peak >> 20} MiB");
    }

    static readonly HttpStatusCode[] Unprocessable = [HttpStatusCode.UnprocessableEntity];
    static readonly HttpStatusCode[] TooLarge = [HttpStatusCode.RequestEntityTooLarge];

    public static TheoryData<string, string> Disguises()
    {
        var data = new TheoryData<string, string>();
        foreach (var ext in new[] { ".kml", ".kmz", ".csv", ".gpkg", ".fgb", ".zip", ".geojson", ".json" })
            foreach (var target in new[] { "pg", "file", "vsicurl" })
                data.Add(ext, target);
        return data;
    }

    [Theory]
    [MemberData(nameof(Disguises))]
    public async Task A_vrt_disguised_as_an_accepted_format_opens_nothing_behind_it(string ext, string target)
    {
        var before = f.Listener.Connections;
        var vrt = target switch
        {
            "pg" => Hostile.Vrt(f.PgSource(), Hostile.RolesAsWells),
            "file" => Hostile.Vrt(f.SecretCsv),
            _ => Hostile.Vrt($"/vsicurl/http://127.0.0.1:{f.Listener.Port}/secret.csv"),
        };
        var file = Path.Combine(dir, "wells" + ext);
        var bytes = Encoding.UTF8.GetBytes(vrt);
        switch (ext)
        {
            case ".kmz": Hostile.Zip(file, new Hostile.Entry("doc.kml", bytes)); break;
            // Every part of the "Shapefile" is the VRT.
            case ".zip": Hostile.Zip(file, [.. new[] { ".shp", ".shx", ".dbf", ".prj" }.Select(x => new Hostile.Entry("wells" + x, bytes))]); break;
            default: await File.WriteAllBytesAsync(file, bytes); break;
        }
        await Refused(file, Unprocessable);
        Assert.Equal(before, f.Listener.Connections);
    }

    [Fact]
    public async Task A_geopackage_view_calling_ogr_sql_functions_is_refused()
    {
        var gpkg = await Hostile.GeoPackageView(dir, "sqlfn",
            $"SELECT s.fid AS fid, s.geom AS geom, ogr_datasource_load_layers('{f.SecretCsv}') AS code, 'other' AS well_type, 'planned' AS status FROM seed s");
        await Refused(gpkg, Unprocessable, "unreadable");
    }

    [Fact]
    public async Task Kml_links_to_urls_and_server_files_are_not_followed()
    {
        var secretKml = Path.Combine(f.SecretDir, "secret.kml");
        if (!File.Exists(secretKml))
            await Gdal.Run("ogr2ogr", "-f", "LIBKML", secretKml, f.SecretCsv, "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-a_srs", "EPSG:4326");
        var before = f.Listener.Connections;
        var links = string.Concat(new[] { $"http://127.0.0.1:{f.Listener.Port}/secret.kml", secretKml, "file://" + secretKml, "../../../../../.." + secretKml }
            .Select(h => $"<NetworkLink><Link><href>{h}</href></Link></NetworkLink>"));
        var doc = $"""<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>{links}""" +
            $"""<Style id="s"><IconStyle><Icon><href>http://127.0.0.1:{f.Listener.Port}/icon.png</href></Icon></IconStyle></Style></Document></kml>""";
        var kml = Path.Combine(dir, "links.kml");
        await File.WriteAllTextAsync(kml, doc);
        var kmz = Path.Combine(dir, "links.kmz");
        Hostile.Zip(kmz, new Hostile.Entry("doc.kml", Encoding.UTF8.GetBytes(doc)));
        foreach (var file in new[] { kml, kmz }) await Refused(file, Unprocessable);
        Assert.Equal(before, f.Listener.Connections);
    }

    [Fact]
    public async Task Zip_entries_with_traversal_absolute_names_or_links_are_refused_and_nothing_is_unpacked()
    {
        var outside = Path.Combine(Path.GetTempPath(), $"rp-escaped-{Guid.NewGuid():N}");
        var cases = new (string Name, Hostile.Entry Bad, string Rule)[]
        {
            ("traversal.zip", new("../../../../../../.." + outside + ".shp", "x"u8.ToArray()), "unsafe_path"),
            ("backslash.zip", new(@"..\..\..\..\..\.." + outside.Replace('/', '\\') + ".dbf", "x"u8.ToArray()), "unsafe_path"),
            ("absolute.zip", new(outside + ".prj", "x"u8.ToArray()), "unsafe_path"),
            ("link.zip", new("wells.dbf", Encoding.UTF8.GetBytes(f.SecretCsv), UnixMode: 0xA1FF), "symlink"),
            ("kmz-traversal.kmz", new("../" + Path.GetFileName(outside) + ".kml", "<kml/>"u8.ToArray()), "unsafe_path"),
        };
        foreach (var (name, bad, rule) in cases)
        {
            var zip = Path.Combine(dir, name);
            Hostile.Zip(zip, [.. Hostile.ShapefileParts("wells", Path.GetExtension(bad.Name)), bad]);
            await Refused(zip, Unprocessable, rule);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetTempPath(), Path.GetFileName(outside) + "*"));
    }

    [Fact]
    public async Task A_zip_bomb_and_a_kmz_bomb_are_refused_before_gdal_reads_them()
    {
        // 48 MB of zeros as the .dbf: about 50 KB zipped, past the 32 MB cap set for this service.
        var zip = Path.Combine(dir, "bomb.zip");
        Hostile.ZipOfZeros(zip, "wells.dbf", 48L << 20, Hostile.ShapefileParts("wells", ".dbf"));
        Assert.True(new FileInfo(zip).Length < 1 << 20);
        await Refused(zip, TooLarge, "max_expanded_bytes");

        // The same placemark repeated to 40 MB of KML.
        var kmz = Path.Combine(dir, "bomb.kmz");
        using (var archive = ZipFile.Open(kmz, ZipArchiveMode.Create))
        using (var w = new StreamWriter(archive.CreateEntry("doc.kml", CompressionLevel.Optimal).Open()))
        {
            w.Write("""<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>""");
            const string placemark = "<Placemark><name>W</name><ExtendedData><Data name=\"code\"><value>W1</value></Data></ExtendedData><Point><coordinates>109.1,39.1</coordinates></Point></Placemark>\n";
            for (long n = 0; n < (40L << 20) / placemark.Length; n++) w.Write(placemark);
            w.Write("</Document></kml>");
        }
        Assert.True(new FileInfo(kmz).Length < 2 << 20);
        await Refused(kmz, TooLarge, "max_expanded_bytes");
    }

    [Fact]
    public async Task A_ratio_bomb_under_the_size_cap_is_refused()
    {
        // 8 MB unpacked, a quarter of the cap, from about 8 KB: a ratio near 1000 against the limit of 100.
        var zip = Path.Combine(dir, "ratio.zip");
        Hostile.ZipOfZeros(zip, "wells.dbf", 8L << 20, Hostile.ShapefileParts("wells", ".dbf"));
        Assert.True(8L << 20 < HostileUploadFixture.MaxExpandedBytes);
        await Refused(zip, TooLarge, "max_ratio");
    }

    [Fact]
    public async Task An_archive_whose_headers_understate_its_size_stays_bounded()
    {
        // 48 MB of zeros whose local and central headers both claim 1,000 bytes.
        var zip = Path.Combine(dir, "liar.zip");
        Hostile.ZipOfZeros(zip, "wells.dbf", 48L << 20, Hostile.ShapefileParts("wells", ".dbf"));
        var b = await File.ReadAllBytesAsync(zip);
        for (var i = 0; i + 28 < b.Length; i++)
        {
            var sig = BitConverter.ToUInt32(b, i);
            if (sig == 0x04034b50 && b[i + 26] == 9 && Encoding.ASCII.GetString(b, i + 30, 9) == "wells.dbf") BitConverter.GetBytes(1000u).CopyTo(b, i + 22);
            if (sig == 0x02014b50 && b[i + 28] == 9 && Encoding.ASCII.GetString(b, i + 46, 9) == "wells.dbf") BitConverter.GetBytes(1000u).CopyTo(b, i + 24);
        }
        await File.WriteAllBytesAsync(zip, b);
        // Unpacking stops at the declared size (and counts against the limits as it goes): GDAL sees a cut .dbf.
        await Refused(zip, [HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnprocessableEntity]);
    }

    [Fact]
    public async Task Gdal_past_its_time_limit_is_stopped_and_the_file_refused()
    {
        // A few KB that count forever: the layer is a view over an endless recursive query.
        var gpkg = await Hostile.GeoPackageView(dir, "endless",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT n.i AS fid, s.geom AS geom, 'W' || n.i AS code, 'other' AS well_type, 'planned' AS status FROM n, seed s");
        var clock = Stopwatch.StartNew();
        await Refused(gpkg, Unprocessable, "time_limit");
        Assert.True(clock.Elapsed.TotalSeconds < HostileUploadFixture.GdalSeconds + 30, $"{clock.Elapsed.TotalSeconds:0} s");
        Assert.DoesNotContain(Process.GetProcesses(), p => p.ProcessName is "ogrinfo" or "ogr2ogr" && CommandLine(p).Contains(f.Spool, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gdal_past_its_memory_limit_is_stopped_and_the_file_refused()
    {
        // A few KB whose one value is a 900 MB blob, past the 512 MB this service gives GDAL.
        var gpkg = await Hostile.GeoPackageView(dir, "hungry",
            "SELECT s.fid AS fid, s.geom AS geom, zeroblob(900000000) AS code, 'other' AS well_type, 'planned' AS status FROM seed s");
        await Refused(gpkg, Unprocessable, "memory_limit");
    }

    [Fact]
    public async Task Unknown_extensions_and_path_names_in_the_upload_stay_inside_the_spool()
    {
        var vrt = Path.Combine(dir, "wells.vrt");
        await File.WriteAllTextAsync(vrt, Hostile.Vrt(f.SecretCsv));
        var r = await f.Http.PostAsync("/api/wells/import", Gdal.Upload(vrt));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode);
        Assert.Equal("file", (await Hostile.Json(r)).GetProperty("field").GetString());
        await AssertUnharmedAsync();

        // A file name that climbs out: only its last part counts, and the file lands in the upload's own folder.
        var escaped = $"rp-escaped-{Guid.NewGuid():N}.kml";
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(Hostile.Vrt(f.SecretCsv))), "file", "../../../../../../../tmp/" + escaped);
        r = await f.Http.PostAsync("/api/wells/import", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.False(File.Exists(Path.Combine("/tmp", escaped)));
        await AssertUnharmedAsync();
    }

    [Fact]
    public async Task A_body_that_is_not_the_multipart_its_type_says_is_refused()
    {
        var geojson = new StringContent("""{"type":"FeatureCollection","features":[]}""", Encoding.UTF8);
        geojson.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=not-in-the-body");
        var r = await f.Http.PostAsync("/api/wells/import", geojson);
        Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal("file", (await Hostile.Json(r)).GetProperty("field").GetString());
        await AssertUnharmedAsync();

        // A real multipart cut off inside its file part (no closing boundary).
        var cut = new StringContent("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"w.geojson\"\r\n\r\n{\"type\":\"FeatureCollection\",\"feat", Encoding.UTF8);
        cut.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        r = await f.Http.PostAsync("/api/wells/import", cut);
        Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        Assert.Equal("file", (await Hostile.Json(r)).GetProperty("field").GetString());
        await AssertUnharmedAsync();
    }

    static string CommandLine(Process p)
    {
        try { return File.ReadAllText($"/proc/{p.Id}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
    }
}
