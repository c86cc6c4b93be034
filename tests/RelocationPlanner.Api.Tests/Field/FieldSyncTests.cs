using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RelocationPlanner.Api.Tests.Field;

/// <summary>
/// Work packages and the offline queue against the real service: idempotent replay, a stale
/// change that conflicts with nothing applied, conflicts kept and resolved, refusals that store nothing.
/// </summary>
[Collection(FieldCollection.Name)]
public class FieldSyncTests(FieldFixture f)
{
    static async Task AssertProblem(HttpResponseMessage r, HttpStatusCode status, string field, string rule)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == status, $"{r.StatusCode}: {text}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        var p = JsonDocument.Parse(text).RootElement;
        Assert.Equal(field, p.GetProperty("field").GetString());
        Assert.Contains(p.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field && e.GetProperty("rule").GetString() == rule);
    }

    static string Key() => Guid.NewGuid().ToString();

    [Fact]
    public async Task A_package_for_a_unit_holds_its_households_their_steps_and_the_offline_map()
    {
        var p = await FieldFixture.PackageAsync(f.Officer, new { unit_code = "150621" });
        var households = p.GetProperty("households").EnumerateArray().ToList();
        Assert.Equal(60, households.Count);
        Assert.All(households, h => Assert.StartsWith("FW0", h.GetProperty("code").GetString()));
        var fw003 = households.Single(h => h.GetProperty("code").GetString() == "FW003");
        Assert.Equal("2017-06-01", fw003.GetProperty("milestones").GetProperty("keys_claimed").GetString());
        Assert.Equal(JsonValueKind.Null, fw003.GetProperty("milestones").GetProperty("old_house_demolished").ValueKind);
        // The site's point on surface lies inside S-D1; the origin is the village.
        Assert.InRange(fw003.GetProperty("lon").GetDouble(), FieldFixture.SiteLon, FieldFixture.SiteLon + 0.01);
        Assert.Equal("V-D1", fw003.GetProperty("origin").GetProperty("code").GetString());
        var bbox = p.GetProperty("bbox").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.True(bbox[0] < FieldFixture.VillageLon && bbox[2] > 108.51 && bbox[1] < FieldFixture.VillageLat && bbox[3] > 39.01, string.Join(",", bbox));
        Assert.Contains(p.GetProperty("sites").GetProperty("features").EnumerateArray(), s => s.GetProperty("properties").GetProperty("code").GetString() == "S-D1");
        Assert.Single(p.GetProperty("features").GetProperty("roads").GetProperty("features").EnumerateArray());
        Assert.Contains("old_house_demolished", p.GetProperty("steps").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(f.OfficerName, p.GetProperty("created_by").GetString());

        var again = await (await f.Officer.GetAsync($"/api/field/packages/{p.GetProperty("id").GetInt64()}")).Json();
        Assert.Equal(households.Select(h => h.GetProperty("code").GetString()), again.GetProperty("households").EnumerateArray().Select(h => h.GetProperty("code").GetString()));

        var sites = await FieldFixture.PackageAsync(f.Officer, new { site_codes = new[] { "S-J1" } });
        Assert.Equal(40, sites.GetProperty("households").GetArrayLength());
        await AssertProblem(await f.Officer.PostAsJsonAsync("/api/field/packages", new { unit_code = "150621", site_codes = new[] { "S-J1" } }), HttpStatusCode.BadRequest, "$", "one_of");
        await AssertProblem(await f.Officer.PostAsJsonAsync("/api/field/packages", new { unit_code = "999999" }), HttpStatusCode.UnprocessableEntity, "unit_code", "reference");
        Assert.Equal(HttpStatusCode.Forbidden, (await f.Planner.PostAsJsonAsync("/api/field/packages", new { unit_code = "150621" })).StatusCode);
    }

    [Fact]
    public async Task The_same_key_and_body_store_once_and_answer_the_same_another_body_is_409()
    {
        var p = await FieldFixture.PackageAsync(f.Officer, new { unit_code = "150621" });
        var id = p.GetProperty("id").GetInt64();
        var v = await FieldFixture.VersionAsync(f.Http, "FW001");
        var key = Key();
        var body = FieldFixture.Change(id, "FW001", v, "house_commenced", "2016-05-01");
        var milestones = await f.ScalarLongAsync("SELECT count(*) FROM milestones");
        var changes = await f.ScalarLongAsync("SELECT count(*) FROM field_changes");

        var first = await FieldFixture.SendChange(f.Officer, key, body);
        var firstText = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.Created, firstText);
        var answer = JsonDocument.Parse(firstText).RootElement;
        Assert.Equal("applied", answer.GetProperty("status").GetString());
        Assert.Equal(v + 1, answer.GetProperty("version").GetInt32());

        var second = await FieldFixture.SendChange(f.Officer, key, body);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(firstText, await second.Content.ReadAsStringAsync());
        Assert.Equal(milestones + 1, await f.ScalarLongAsync("SELECT count(*) FROM milestones"));
        Assert.Equal(changes + 1, await f.ScalarLongAsync("SELECT count(*) FROM field_changes"));
        Assert.Equal(v + 1, await FieldFixture.VersionAsync(f.Http, "FW001"));

        var before = await f.FieldRowsAsync();
        await AssertProblem(await FieldFixture.SendChange(f.Officer, key, FieldFixture.Change(id, "FW001", v, "house_capped", "2016-06-01")),
            HttpStatusCode.Conflict, "Idempotency-Key", "idempotency_key_reused");
        Assert.Equal(before, await f.FieldRowsAsync());
        // Another officer cannot claim the key either.
        await AssertProblem(await FieldFixture.SendChange(f.OtherOfficer, key, body), HttpStatusCode.Conflict, "Idempotency-Key", "idempotency_key_reused");
        await AssertProblem(await FieldFixture.SendChange(f.Officer, "short", body), HttpStatusCode.BadRequest, "Idempotency-Key", "idempotency_key");
        var noKey = await f.Officer.PostAsync("/api/field/changes", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await AssertProblem(noKey, HttpStatusCode.BadRequest, "Idempotency-Key", "required");
        Assert.Equal(before, await f.FieldRowsAsync());
    }

    [Fact]
    public async Task A_change_on_an_older_version_that_conflicts_with_nothing_is_applied()
    {
        var id = (await FieldFixture.PackageAsync(f.Officer, new { unit_code = "150621" })).GetProperty("id").GetInt64();
        var v = await FieldFixture.VersionAsync(f.Http, "FW002");
        var a = await FieldFixture.SendChange(f.Officer, Key(), FieldFixture.Change(id, "FW002", v, "house_completed", "2017-01-10"));
        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        // Made offline before the first one arrived: same base version, a later step, nothing recorded for it.
        var b = await FieldFixture.SendChange(f.Officer, Key(), FieldFixture.Change(id, "FW002", v, "keys_claimed", "2017-03-02"));
        var answer = await b.Json();
        Assert.True(b.StatusCode == HttpStatusCode.Created, answer.ToString());
        Assert.Equal("applied", answer.GetProperty("status").GetString());
        Assert.Equal(v + 2, answer.GetProperty("version").GetInt32());
        var h = await (await f.Http.GetAsync("/api/households/FW002")).Json();
        Assert.Equal("keys_claimed", h.GetProperty("status").GetString());
        Assert.Contains(h.GetProperty("milestones").EnumerateArray(), m => m.GetProperty("milestone").GetString() == "house_completed" && m.GetProperty("date").GetString() == "2017-01-10");
        // The same observation again (another key) changes nothing and says so.
        var repeat = await (await FieldFixture.SendChange(f.Officer, Key(), FieldFixture.Change(id, "FW002", v, "keys_claimed", "2017-03-02"))).Json();
        Assert.True(repeat.GetProperty("already_recorded").GetBoolean());
        Assert.Equal(v + 2, repeat.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_step_recorded_meanwhile_with_another_date_is_kept_as_a_conflict_and_resolved()
    {
        var id = (await FieldFixture.PackageAsync(f.Officer, new { unit_code = "150621" })).GetProperty("id").GetInt64();
        var v = await FieldFixture.VersionAsync(f.Http, "FW004");
        // Meanwhile, at the office: keys claimed on 2017-05-20.
        (await f.PostJson("/api/households/FW004/milestones", new { milestone = "keys_claimed", date = "2017-05-20" })).EnsureSuccessStatusCode();
        var sent = await FieldFixture.SendChange(f.Officer, Key(), FieldFixture.Change(id, "FW004", v, "keys_claimed", "2017-05-25"));
        var conflict = await sent.Json();
        Assert.True(sent.StatusCode == HttpStatusCode.Accepted, conflict.ToString());
        Assert.Equal("conflict", conflict.GetProperty("status").GetString());
        Assert.Equal("recorded_differently", conflict.GetProperty("reason").GetString());
        Assert.Equal("2017-05-20", conflict.GetProperty("server").GetProperty("date").GetString());
        var conflictId = conflict.GetProperty("conflict_id").GetInt64();

        var list = await (await f.Officer.GetAsync("/api/households/FW004/conflicts")).Json();
        var kept = list.GetProperty("conflicts").EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == conflictId);
        Assert.Equal("open", kept.GetProperty("status").GetString());
        Assert.Equal("2017-05-25", kept.GetProperty("change").GetProperty("date").GetString());
        Assert.Equal("2017-05-20", kept.GetProperty("server").GetProperty("date").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await f.Planner.GetAsync("/api/households/FW004/conflicts")).StatusCode);

        // A milestone is append-only: accepting the field's date is refused, and nothing moves.
        var before = await f.FieldRowsAsync();
        await AssertProblem(await f.Officer.PostAsync($"/api/field/conflicts/{conflictId}/accept", null), HttpStatusCode.Conflict, "step", "append_only");
        Assert.Equal(before, await f.FieldRowsAsync());
        var rejected = await f.Officer.PostAsJsonAsync($"/api/field/conflicts/{conflictId}/reject", new { reason = "the office's date is on the key receipt" });
        var r = await rejected.Json();
        Assert.True(rejected.StatusCode == HttpStatusCode.OK, r.ToString());
        Assert.Equal("rejected", r.GetProperty("status").GetString());
        Assert.Equal(f.OfficerName, r.GetProperty("resolved_by").GetString());
        await AssertProblem(await f.Officer.PostAsync($"/api/field/conflicts/{conflictId}/reject", null), HttpStatusCode.Conflict, "id", "resolved");

        // The old house is a programme fact: a conflict about it can be accepted, and the field's date then stands.
        v = await FieldFixture.VersionAsync(f.Http, "FW004");
        Assert.Equal(HttpStatusCode.Created, (await FieldFixture.SendChange(f.Officer, Key(), FieldFixture.Change(id, "FW004", v, "old_house_demolished", "2017-08-01"))).StatusCode);
        var fact = await FieldFixture.SendChange(f.Officer, Key(), FieldFixture.Change(id, "FW004", v, "old_house_demolished", "2017-08-15"));
        Assert.Equal(HttpStatusCode.Accepted, fact.StatusCode);
        var factConflict = (await fact.Json()).GetProperty("conflict_id").GetInt64();
        var accepted = await f.Officer.PostAsync($"/api/field/conflicts/{factConflict}/accept", null);
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        Assert.Equal("accepted", (await accepted.Json()).GetProperty("status").GetString());
        Assert.Equal("2017-08-15", (await (await f.Http.GetAsync("/api/households/FW004")).Json()).GetProperty("old_house_demolished_on").GetString());
    }

    [Fact]
    public async Task Bad_changes_are_refused_naming_the_field_and_store_nothing()
    {
        var id = (await FieldFixture.PackageAsync(f.Officer, new { site_codes = new[] { "S-D1" } })).GetProperty("id").GetInt64();
        var v = await FieldFixture.VersionAsync(f.Http, "FW005");
        var before = await f.FieldRowsAsync();
        // FW040 lives at S-D2: not in this package.
        await AssertProblem(await FieldFixture.SendChange(f.Officer, Key(), FieldFixture.Change(id, "FW040", 1, "house_commenced", "2016-05-01")),
            HttpStatusCode.Forbidden, "household_code", "outside_package");
        await AssertProblem(await FieldFixture.SendChange(f.Officer, Key(), FieldFixture.Change(id, "FW005", v, "house_commenced", "2016-05-01", lon: 2.35, lat: 48.85)),
            HttpStatusCode.BadRequest, "lon", "outside_china");
        var tomorrow = DateTime.UtcNow.AddHours(8).AddDays(2).ToString("yyyy-MM-dd");
        await AssertProblem(await FieldFixture.SendChange(f.Officer, Key(), FieldFixture.Change(id, "FW005", v, "house_commenced", tomorrow)),
            HttpStatusCode.BadRequest, "date", "not_in_future");
        await AssertProblem(await FieldFixture.SendChange(f.Officer, Key(), FieldFixture.Change(id, "FW005", v, "painted_the_door", "2016-05-01")),
            HttpStatusCode.BadRequest, "step", "enum");
        await AssertProblem(await FieldFixture.SendChange(f.Officer, Key(), FieldFixture.Change(id, "FW005", v + 5, "house_commenced", "2016-05-01")),
            HttpStatusCode.UnprocessableEntity, "base_version", "range");
        // Someone else's package.
        await AssertProblem(await FieldFixture.SendChange(f.OtherOfficer, Key(), FieldFixture.Change(id, "FW005", v, "house_commenced", "2016-05-01")),
            HttpStatusCode.Forbidden, "package_id", "not_yours");
        Assert.Equal(before, await f.FieldRowsAsync());
    }

    [Fact]
    public async Task Change_bodies_that_are_not_utf8_json_or_say_another_type_are_refused_and_store_nothing()
    {
        var id = (await FieldFixture.PackageAsync(f.Officer, new { site_codes = new[] { "S-D1" } })).GetProperty("id").GetInt64();
        var v = await FieldFixture.VersionAsync(f.Http, "FW005");
        var before = await f.FieldRowsAsync();
        var body = System.Text.Encoding.UTF8.GetBytes(FieldFixture.Change(id, "FW005", v, "house_commenced", "2016-05-01"));
        var broken = body.ToArray();
        broken[Array.IndexOf(broken, (byte)'F')] = 0xFF;
        async Task<HttpResponseMessage> Send(byte[] bytes, string type)
        {
            var m = new HttpRequestMessage(HttpMethod.Post, "/api/field/changes") { Content = new ByteArrayContent(bytes) };
            m.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
            m.Headers.Add("Idempotency-Key", Key());
            return await f.Officer.SendAsync(m);
        }
        var notUtf8 = await Send(broken, "application/json");
        Assert.True(notUtf8.StatusCode == HttpStatusCode.BadRequest, await notUtf8.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", notUtf8.Content.Headers.ContentType!.MediaType);
        var plain = await Send(body, "text/plain");
        Assert.True(plain.StatusCode == HttpStatusCode.UnsupportedMediaType, await plain.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", plain.Content.Headers.ContentType!.MediaType);
        var form = await Send(body, "multipart/form-data; boundary=xyz");
        Assert.True(form.StatusCode == HttpStatusCode.UnsupportedMediaType, await form.Content.ReadAsStringAsync());
        Assert.Equal(before, await f.FieldRowsAsync());
    }
}
