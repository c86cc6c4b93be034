using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RelocationPlanner.TestSupport;
using SkiaSharp;

namespace RelocationPlanner.Api.Tests.Field;

/// <summary>
/// Photo evidence against the real service: upload, thumbnail, lists and the map's points; each
/// bad photo or position refused with nothing stored; lying EXIF and far-away photos flagged;
/// photos hidden from roles that may not see households; carried by rp backup / rp restore.
/// </summary>
[Collection(FieldCollection.Name)]
public class EvidenceTests(FieldFixture f)
{
    const double InSiteLon = FieldFixture.SiteLon + 0.005, InSiteLat = FieldFixture.SiteLat + 0.005;

    static object Meta(string code = "FW010", string step = "moved_in", double lon = InSiteLon, double lat = InSiteLat, string? takenAt = null) => new
    {
        household_code = code,
        step,
        taken_at = takenAt ?? "2026-11-30T01:30:00Z",
        lon,
        lat,
        accuracy_m = 8.0,
        device = "test-phone",
    };

    static Task<HttpResponseMessage> Upload(HttpClient client, byte[] photo, object meta, string? key = null, string fileName = "photo.jpg")
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(photo);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(part, "photo", fileName);
        form.Add(new StringContent(JsonSerializer.Serialize(meta), Encoding.UTF8, "application/json"), "metadata");
        var m = new HttpRequestMessage(HttpMethod.Post, "/api/evidence") { Content = form };
        if (key is not null) m.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(m);
    }

    async Task<HttpClient> OfficerWithPackage()
    {
        await FieldFixture.PackageAsync(f.Officer, new { site_codes = new[] { "S-D1" } });
        return f.Officer;
    }

    static async Task AssertProblem(HttpResponseMessage r, HttpStatusCode status, string field, string rule)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == status, $"{r.StatusCode}: {text}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        var p = JsonDocument.Parse(text).RootElement;
        Assert.Equal(field, p.GetProperty("field").GetString());
        Assert.Contains(p.GetProperty("errors").EnumerateArray(), e => e.GetProperty("rule").GetString() == rule);
    }

    [Fact]
    public async Task A_photo_is_stored_with_its_thumbnail_and_listed_and_mapped()
    {
        var officer = await OfficerWithPackage();
        var photo = TestImages.Jpeg(800, 600);
        var r = await Upload(officer, photo, Meta());
        var doc = await r.Json();
        Assert.True(r.StatusCode == HttpStatusCode.Created, doc.ToString());
        var id = doc.GetProperty("id").GetInt64();
        Assert.Equal("image/jpeg", doc.GetProperty("media_type").GetString());
        Assert.Equal((800, 600), (doc.GetProperty("width").GetInt32(), doc.GetProperty("height").GetInt32()));
        Assert.Equal("FW010", doc.GetProperty("household_code").GetString());
        Assert.Equal("S-D1", doc.GetProperty("site_code").GetString());
        Assert.Empty(doc.GetProperty("flags").EnumerateArray());
        Assert.Equal(0, doc.GetProperty("distance_m").GetDouble());
        Assert.Equal($"/api/evidence/{id}/thumbnail", doc.GetProperty("thumbnail").GetString());

        Assert.Equal(photo, await officer.GetByteArrayAsync($"/api/evidence/{id}"));
        var thumb = await officer.GetAsync($"/api/evidence/{id}/thumbnail");
        Assert.Equal("image/jpeg", thumb.Content.Headers.ContentType!.MediaType);
        using (var bitmap = SKBitmap.Decode(await thumb.Content.ReadAsByteArrayAsync()))
            Assert.Equal((256, 192), (bitmap.Width, bitmap.Height));

        var png = await Upload(officer, TestImages.Png(), Meta(step: "house_completed"), fileName: "p.png");
        Assert.Equal("image/png", (await png.Json()).GetProperty("media_type").GetString());

        var list = await (await officer.GetAsync("/api/households/FW010/evidence")).Json();
        Assert.Contains(list.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("id").GetInt64() == id);
        var map = await (await officer.GetAsync($"/api/evidence.geojson?bbox={FieldFixture.SiteLon},{FieldFixture.SiteLat},{FieldFixture.SiteLon + 0.01},{FieldFixture.SiteLat + 0.01}")).Json();
        var point = map.GetProperty("features").EnumerateArray().Single(x => x.GetProperty("id").GetInt64() == id);
        Assert.Equal(InSiteLon, point.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble(), 6);
        var elsewhere = await (await officer.GetAsync("/api/evidence.geojson?bbox=100,30,100.1,30.1")).Json();
        Assert.Empty(elsewhere.GetProperty("features").EnumerateArray());
    }

    [Fact]
    public async Task Only_roles_that_may_see_households_see_their_photos()
    {
        var officer = await OfficerWithPackage();
        var id = (await (await Upload(officer, TestImages.Jpeg(64, 48), Meta(code: "FW011"))).Json()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Forbidden, (await f.Planner.GetAsync($"/api/evidence/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await f.Planner.GetAsync($"/api/evidence/{id}/thumbnail")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await f.Planner.GetAsync("/api/households/FW011/evidence")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await f.Planner.GetAsync("/api/evidence.geojson")).StatusCode);
        using var anonymous = f.ClientWith(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/evidence/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await f.OtherOfficer.GetAsync($"/api/evidence/{id}")).StatusCode);
        // Nor may they upload.
        Assert.Equal(HttpStatusCode.Forbidden, (await Upload(f.Planner, TestImages.Jpeg(64, 48), Meta(code: "FW011"))).StatusCode);
    }

    [Fact]
    public async Task Lying_exif_and_photos_far_from_the_place_are_flagged_not_refused()
    {
        var officer = await OfficerWithPackage();
        // The phone says the site; the file says Beijing.
        var lying = await Upload(officer, TestImages.Jpeg(320, 240, gps: (116.39, 39.91)), Meta(code: "FW012"));
        var doc = await lying.Json();
        Assert.True(lying.StatusCode == HttpStatusCode.Created, doc.ToString());
        Assert.Contains("exif_position_differs", doc.GetProperty("flags").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(116.39, doc.GetProperty("exif").GetProperty("lon").GetDouble(), 3);
        // EXIF that agrees is not flagged.
        var honest = await (await Upload(officer, TestImages.Jpeg(320, 240, gps: (InSiteLon, InSiteLat)), Meta(code: "FW012"))).Json();
        Assert.DoesNotContain("exif_position_differs", honest.GetProperty("flags").EnumerateArray().Select(x => x.GetString()));
        // The stored file keeps its EXIF.
        var stored = await officer.GetByteArrayAsync($"/api/evidence/{doc.GetProperty("id").GetInt64()}");
        Assert.Equal(116.39, RelocationPlanner.Api.Field.Photos.ReadExif(stored)!.Lon!.Value, 3);

        // 5 km east of the site: far_from_site; the old house photographed at the new site: far from the village.
        var far = await (await Upload(officer, TestImages.Jpeg(64, 48), Meta(code: "FW012", lon: FieldFixture.SiteLon + 0.06))).Json();
        Assert.Contains("far_from_site", far.GetProperty("flags").EnumerateArray().Select(x => x.GetString()));
        Assert.InRange(far.GetProperty("distance_m").GetDouble(), 4000, 6000);
        var oldHouse = await (await Upload(officer, TestImages.Jpeg(64, 48), Meta(code: "FW012", step: "old_house_demolished"))).Json();
        Assert.Contains("far_from_site", oldHouse.GetProperty("flags").EnumerateArray().Select(x => x.GetString()));
        var atVillage = await (await Upload(officer, TestImages.Jpeg(64, 48), Meta(code: "FW012", step: "old_house_demolished", lon: FieldFixture.VillageLon + 0.001, lat: FieldFixture.VillageLat))).Json();
        Assert.DoesNotContain("far_from_site", atVillage.GetProperty("flags").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task Bad_photos_and_positions_are_refused_naming_the_field_and_store_nothing()
    {
        var officer = await OfficerWithPackage();
        var before = await f.FieldRowsAsync();
        await AssertProblem(await Upload(officer, Encoding.UTF8.GetBytes("this is not an image, whatever its name says"), Meta()), HttpStatusCode.UnsupportedMediaType, "photo", "media_type");
        // A GIF is an image, but not one we take.
        await AssertProblem(await Upload(officer, [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0], Meta()), HttpStatusCode.UnsupportedMediaType, "photo", "media_type");
        // A JPEG's header with its data cut off.
        var whole = TestImages.Jpeg(400, 300);
        await AssertProblem(await Upload(officer, whole[..(whole.Length / 2)], Meta()), HttpStatusCode.BadRequest, "photo", "unreadable");
        // An image bomb: a 700-byte JPEG that declares 60,000 x 60,000 pixels.
        var bomb = TestImages.Bomb();
        Assert.True(bomb.Length < 4096);
        await AssertProblem(await Upload(officer, bomb, Meta()), HttpStatusCode.UnprocessableEntity, "photo", "image_dimensions");
        await AssertProblem(await Upload(officer, TestImages.Jpeg(64, 48), Meta(lon: -74.0, lat: 40.7)), HttpStatusCode.BadRequest, "lon", "outside_china");
        var future = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        await AssertProblem(await Upload(officer, TestImages.Jpeg(64, 48), Meta(takenAt: future)), HttpStatusCode.BadRequest, "taken_at", "not_in_future");
        await AssertProblem(await Upload(officer, TestImages.Jpeg(64, 48), Meta(step: "selfie")), HttpStatusCode.BadRequest, "step", "enum");
        // The other officer's packages hold S-D2 only: FW010 (S-D1) and FW070 (Jungar) are outside them.
        await FieldFixture.PackageAsync(f.OtherOfficer, new { site_codes = new[] { "S-D2" } });
        await AssertProblem(await Upload(f.OtherOfficer, TestImages.Jpeg(64, 48), Meta()), HttpStatusCode.Forbidden, "household_code", "outside_package");
        await AssertProblem(await Upload(f.OtherOfficer, TestImages.Jpeg(64, 48), Meta(code: "FW070", lon: 109.005, lat: 38.905)), HttpStatusCode.Forbidden, "household_code", "outside_package");
        Assert.Equal(before, await f.FieldRowsAsync());
    }

    [Fact]
    public async Task Metadata_that_is_not_utf8_and_bodies_that_lie_about_their_type_are_refused_and_store_nothing()
    {
        var officer = await OfficerWithPackage();
        var before = await f.FieldRowsAsync();
        // The device name's bytes are Latin-1, not UTF-8: refused, not stored as replacement characters.
        var meta = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Meta()).Replace("test-phone", "PHONE_X"));
        var latin1 = meta.AsSpan().IndexOf("PHONE_X"u8);
        meta[latin1] = 0xE9;
        foreach (var asFile in new[] { false, true })
        {
            var form = new MultipartFormDataContent();
            var part = new ByteArrayContent(TestImages.Jpeg(64, 48));
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "photo", "photo.jpg");
            var metaPart = new ByteArrayContent(meta);
            metaPart.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (asFile) form.Add(metaPart, "metadata", "metadata.json");
            else form.Add(metaPart, "metadata");
            await AssertProblem(await officer.PostAsync("/api/evidence", form), HttpStatusCode.BadRequest, "metadata", "text");
        }
        // A multipart body that says it is JSON, and JSON that says it is multipart.
        var lying = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Jpeg(64, 48)), "photo", "photo.jpg" } };
        lying.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await AssertProblem(await officer.PostAsync("/api/evidence", lying), HttpStatusCode.UnsupportedMediaType, "Content-Type", "media_type");
        var json = new StringContent(JsonSerializer.Serialize(Meta()), Encoding.UTF8);
        json.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        var r = await officer.PostAsync("/api/evidence", json);
        Assert.True(r.StatusCode is HttpStatusCode.BadRequest, $"{r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        // A PNG sent as image/jpeg is taken for what its bytes are.
        var png = new MultipartFormDataContent();
        var pngPart = new ByteArrayContent(TestImages.Png(64, 48));
        pngPart.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        png.Add(pngPart, "photo", "photo.jpg");
        png.Add(new StringContent(JsonSerializer.Serialize(Meta(code: "FW014")), Encoding.UTF8, "application/json"), "metadata");
        Assert.Equal(before, await f.FieldRowsAsync());
        var stored = await officer.PostAsync("/api/evidence", png);
        Assert.True(stored.StatusCode == HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await stored.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        var photo = await officer.GetAsync($"/api/evidence/{id}");
        Assert.Equal("image/png", photo.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_resent_upload_is_stored_once()
    {
        var officer = await OfficerWithPackage();
        var photo = TestImages.Jpeg(200, 100);
        var key = Guid.NewGuid().ToString();
        var first = await Upload(officer, photo, Meta(code: "FW013"), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var count = await f.ScalarLongAsync("SELECT count(*) FROM evidence");
        var again = await Upload(officer, photo, Meta(code: "FW013"), key);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(count, await f.ScalarLongAsync("SELECT count(*) FROM evidence"));
        var other = await Upload(officer, TestImages.Jpeg(201, 100), Meta(code: "FW013"), key);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(count, await f.ScalarLongAsync("SELECT count(*) FROM evidence"));
    }

    [Fact]
    public async Task Rp_backup_and_restore_carry_the_photos()
    {
        var officer = await OfficerWithPackage();
        var photo = TestImages.Jpeg(300, 200);
        var id = (await (await Upload(officer, photo, Meta(code: "FW014"))).Json()).GetProperty("id").GetInt64();
        var file = Path.Combine(Path.GetTempPath(), $"rp-field-{Guid.NewGuid():N}.dump");
        try
        {
            var backup = await Cli.Rp.RunAsync(f.Service.ConnectionString, "backup", "-o", file);
            Assert.True(backup.Code == 0, backup.Err);
            var fresh = await TestDatabase.CreateAsync("fieldrestore");
            var restore = await Cli.Rp.RunAsync(fresh, "restore", file);
            Assert.True(restore.Code == 0, restore.Err);
            await using var conn = new Npgsql.NpgsqlConnection(fresh);
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("SELECT photo, thumbnail FROM evidence WHERE id = $1", conn);
            cmd.Parameters.AddWithValue(id);
            await using var r = await cmd.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            Assert.Equal(photo, (byte[])r[0]);
            Assert.Equal(await officer.GetByteArrayAsync($"/api/evidence/{id}/thumbnail"), (byte[])r[1]);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
