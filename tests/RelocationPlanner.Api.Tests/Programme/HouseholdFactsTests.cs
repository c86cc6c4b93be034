using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RelocationPlanner.Api.Tests.Registry;

namespace RelocationPlanner.Api.Tests.Programme;

/// <summary>
/// Household facts in, and bad ones out: POST with facts, a partial update under If-Match with its
/// history, the households CSV with some or none of the optional columns, employment by member
/// number or registered name (one or a CSV file). Every refusal is problem+json naming the field,
/// and nothing is stored.
/// </summary>
public class HouseholdFactsTests(RegistryFixture f) : IClassFixture<RegistryFixture>
{
    const string Header = RegistryFixture.CsvHeader;

    async Task<HttpResponseMessage> Create(string code, object? facts = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["code"] = code,
            ["head_name"] = "王一",
            ["unit_code"] = "150621",
            ["settlement_type"] = "separate_self_built",
            ["registered_on"] = "2016-04-01",
            ["moved_in_on"] = "2017-01-05",
            ["persons"] = new object[] { new { name = "王一", relation = "head" }, new { name = "王二", relation = "spouse" }, new { name = "王三", relation = "child" } },
        };
        if (facts is not null) foreach (var p in JsonSerializer.SerializeToElement(facts).EnumerateObject()) body[p.Name] = p.Value;
        return await f.PostJson("/api/households", body);
    }

    static async Task AssertRefused(HttpResponseMessage r, string field, string rule)
    {
        Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        var p = await r.Json();
        Assert.Equal(field, p.GetProperty("field").GetString());
        Assert.Contains(p.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field && e.GetProperty("rule").GetString() == rule);
    }

    [Fact]
    public async Task Facts_are_stored_with_the_household_and_bad_ones_refuse_it_whole()
    {
        var before = await f.CountAsync("households");
        await AssertRefused(await Create("HF-A", new { house_area_m2 = 0 }), "house_area_m2", "area_range");
        await AssertRefused(await Create("HF-A", new { house_area_m2 = "1000.01" }), "house_area_m2", "area_range");
        await AssertRefused(await Create("HF-A", new { self_paid = "-500.00" }), "self_paid", "non_negative");
        await AssertRefused(await Create("HF-A", new { labour_members = 4 }), "labour_members", "labour_within_members");
        await AssertRefused(await Create("HF-A", new { old_house_exempt_reason = "shared house", old_house_demolished_on = "2017-03-01" }), "old_house_exempt_reason", "exempt_or_demolished");
        await AssertRefused(await Create("HF-A", new { house_area_m2 = "1e3" }), "house_area_m2", "decimal");
        Assert.Equal(before, await f.CountAsync("households"));

        var ok = await Create("HF-A", new { house_area_m2 = "75.00", self_paid = 9000, labour_members = 2, old_house_demolished_on = "2017-06-01" });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var h = (await ok.Json()).GetProperty("household");
        Assert.Equal("75.00", h.GetProperty("house_area_m2").GetRawText());
        Assert.Equal("9000.00", h.GetProperty("self_paid").GetRawText());
        Assert.Equal("2017-06-01", h.GetProperty("old_house_demolished_on").GetString());
    }

    [Fact]
    public async Task A_partial_update_needs_the_current_ETag_changes_only_what_it_names_and_keeps_history()
    {
        Assert.Equal(HttpStatusCode.Created, (await Create("HF-P", new { house_area_m2 = "75.00", self_paid = 9000, labour_members = 1 })).StatusCode);
        var get = await f.Http.GetAsync("/api/households/HF-P");
        var etag = get.Headers.ETag!.Tag;
        Assert.Equal("\"v1\"", etag);

        Task<HttpResponseMessage> Patch(object body, string? ifMatch)
        {
            var req = new HttpRequestMessage(HttpMethod.Patch, "/api/households/HF-P") { Content = JsonContent.Create(body) };
            if (ifMatch is not null) req.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            return f.Http.SendAsync(req);
        }
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await Patch(new { self_paid = 100 }, null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Patch(new { self_paid = 100 }, "\"v9\"")).StatusCode);
        await AssertRefused(await Patch(new { members = 9 }, etag), "members", "unknown_property");
        await AssertRefused(await Patch(new { house_area_m2 = -1 }, etag), "house_area_m2", "area_range");
        await AssertRefused(await Patch(new { old_house_exempt_reason = "shared house", old_house_demolished_on = "2017-08-01" }, etag), "old_house_exempt_reason", "exempt_or_demolished");
        Assert.Equal(1, await f.ScalarAsync("SELECT version FROM households WHERE code = 'HF-P'"));

        var r = await Patch(new { house_area_m2 = "76.50", self_paid = (string?)null }, etag);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("\"v2\"", r.Headers.ETag!.Tag);
        var h = await r.Json();
        Assert.Equal("76.50", h.GetProperty("house_area_m2").GetRawText());
        Assert.Equal(JsonValueKind.Null, h.GetProperty("self_paid").ValueKind);
        Assert.Equal(1, h.GetProperty("labour_members").GetInt32());
        // Demolished once stored, an exemption on top is refused against the merged facts.
        Assert.Equal(HttpStatusCode.OK, (await Patch(new { old_house_demolished_on = "2017-08-01" }, "\"v2\"")).StatusCode);
        await AssertRefused(await Patch(new { old_house_exempt_reason = "shared house" }, "\"v3\""), "old_house_exempt_reason", "exempt_or_demolished");
        var history = (string)(await f.ScalarAsync("SELECT old_values->>'self_paid' || ' -> ' || coalesce(new_values->>'self_paid', 'null') FROM history WHERE entity = 'households' AND entity_code = 'HF-P' AND op = 'update' ORDER BY id LIMIT 1"))!;
        Assert.Equal("9000.00 -> null", history);
    }

    [Fact]
    public async Task The_households_csv_takes_any_of_the_fact_columns_in_any_order()
    {
        var ok = await f.PostCsv(Header + ",labour_members,house_area_m2\n" +
            "HC1,A,3,150622,,,separate_self_built,2016-04-01,,,2,80.88\n" +
            "HC2,B,2,150622,,,separate_self_built,2016-04-01,,,,\n");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var hc1 = await (await f.Http.GetAsync("/api/households/HC1")).Json();
        Assert.Equal(("80.88", 2), (hc1.GetProperty("house_area_m2").GetRawText(), hc1.GetProperty("labour_members").GetInt32()));

        var before = await f.CountAsync("households");
        var bad = await f.PostCsv(Header + ",house_area_m2,self_paid,old_house_demolished_on,old_house_exempt_reason\n" +
            "HC3,A,3,150622,,,separate_self_built,2016-04-01,,,1000.01,,,\n" +
            "HC4,A,3,150622,,,separate_self_built,2016-04-01,,,,-1.00,,\n" +
            "HC5,A,3,150622,,,separate_self_built,2016-04-01,,,,,2017-01-01,shared house\n" +
            "HC6,A,3,150622,,,separate_self_built,2016-04-01,,,big,,,\n");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Json()).GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("rule").GetString())).ToList();
        Assert.Equal([(2, "house_area_m2", "area_range"), (3, "self_paid", "non_negative"), (4, "old_house_exempt_reason", "exempt_or_demolished"), (5, "house_area_m2", "decimal")], errors);
        var unknown = await f.PostCsv(Header + ",house_colour\nHC7,A,3,150622,,,separate_self_built,2016-04-01,,,red\n");
        Assert.Equal("house_colour", (await unknown.Json()).GetProperty("field").GetString());
        Assert.Equal(before, await f.CountAsync("households"));
    }

    [Fact]
    public async Task Employment_names_a_member_by_number_or_registered_name_and_refuses_the_rest()
    {
        Assert.Equal(HttpStatusCode.Created, (await Create("HF-E", new { labour_members = 2 })).StatusCode);
        var before = await f.CountAsync("employment");
        await AssertRefused(await f.PostJson("/api/households/HF-E/employment", new { member = 2, kind = "migrant_work", started_on = "2017-03-01", ended_on = "2017-02-01" }), "ended_on", "dates_in_order");
        await AssertRefused(await f.PostJson("/api/households/HF-E/employment", new { member = 4, kind = "migrant_work", started_on = "2017-03-01" }), "member", "member_in_household");
        await AssertRefused(await f.PostJson("/api/households/HF-E/employment", new { member = "李四", kind = "migrant_work", started_on = "2017-03-01" }), "member", "member_in_household");
        await AssertRefused(await f.PostJson("/api/households/HF-E/employment", new { member = 1, kind = "mining", started_on = "2017-03-01" }), "kind", "enum");
        Assert.Equal(HttpStatusCode.NotFound, (await f.PostJson("/api/households/NOPE/employment", new { member = 1, kind = "other", started_on = "2017-03-01" })).StatusCode);
        Assert.Equal(before, await f.CountAsync("employment"));

        var named = await f.PostJson("/api/households/HF-E/employment", new { member = "王三", kind = "local_enterprise", employer = "乳业合作社", started_on = "2017-03-01" });
        Assert.Equal(HttpStatusCode.Created, named.StatusCode);
        var e = await named.Json();
        Assert.Equal((3, "王三"), (e.GetProperty("member").GetInt32(), e.GetProperty("person_name").GetString()));

        // A file is all rows or none: one bad member refuses the good rows too.
        Task<HttpResponseMessage> Import(string rows) => f.Http.PostAsync("/api/employment/import",
            new StringContent("household_code,member,kind,employer,started_on,ended_on\n" + rows, Encoding.UTF8, "text/csv"));
        var bad = await Import("HF-E,1,cooperative,,2017-04-01,\nHF-E,9,cooperative,,2017-04-01,\nHF-X,1,other,,2017-04-01,\nHF-E,王二,taxi,,2017-04-01,\n");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Json()).GetProperty("errors").EnumerateArray().Select(x => (x.GetProperty("row").GetInt32(), x.GetProperty("field").GetString(), x.GetProperty("rule").GetString())).ToList();
        Assert.Equal([(5, "kind", "enum")], errors); // malformed rows first; the registry checks run on a well-formed file
        var unknown = await Import("HF-E,1,cooperative,,2017-04-01,\nHF-E,9,cooperative,,2017-04-01,\nHF-X,1,other,,2017-04-01,\n");
        errors = [.. (await unknown.Json()).GetProperty("errors").EnumerateArray().Select(x => (x.GetProperty("row").GetInt32(), x.GetProperty("field").GetString(), x.GetProperty("rule").GetString()))];
        Assert.Equal([(3, "member", "member_in_household"), (4, "household_code", "reference")], errors);
        Assert.Equal(before + 1, await f.CountAsync("employment"));
        var good = await Import("HF-E,王二,public_welfare_post,保洁,2017-04-01,2017-10-01\nHF-E,1,migrant_work,,2017-05-01,\n");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var list = await (await f.Http.GetAsync("/api/households/HF-E/employment")).Json();
        Assert.Equal([(3, "local_enterprise"), (2, "public_welfare_post"), (1, "migrant_work")],
            list.GetProperty("employment").EnumerateArray().Select(x => (x.GetProperty("member").GetInt32(), x.GetProperty("kind").GetString())));
    }
}
