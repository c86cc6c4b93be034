using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using RelocationPlanner.Api.Tests.Registry;
using RelocationPlanner.Core.Geodesy;

namespace RelocationPlanner.Api.Tests.Programme;

/// <summary>
/// A centralized site as a construction project, with the 28-household resettlement village of
/// domain-facts: 28 houses of 80.88 m2 (2,264.64 m2), RMB 4.98 million of which 4 million counterpart
/// funds, approved in May and infrastructure completed in November; 2 wells, 3,500 m of lines and
/// 3.5 km of roads of its own. Figures are checked against hand computation.
/// </summary>
public class SiteProjectTests(SiteProjectTests.Fixture f) : IClassFixture<SiteProjectTests.Fixture>
{
    /// <summary>The village (V28, Dalad), a second site without a plan (J1, Jungar), their works and households.</summary>
    public sealed class Fixture : RegistryFixture
    {
        /// <summary>South-west corner of V28, a square about 340 m across.</summary>
        public const double Lon = 108.3, Lat = 38.8;

        protected override async Task SeedAsync()
        {
            await Site("V28", "二十八户移民新村", Lon, Lat, 28);
            await Site("J1", "准格尔安置点", 108.9, 38.8, 60);
            // Its own works: 3.5 km of road and 2,000 + 1,500 m of lines northwards from inside the site, two wells in it.
            var (_, mLat) = Geodesic.MetresPerDegree(Lat + 0.01);
            static JsonObject Line(string code, double lon, double lat, double metres, Dictionary<string, JsonNode?> p, double mPerDeg)
            {
                p["code"] = code; p["status"] = "completed"; p["started_on"] = "2016-06-01"; p["completed_on"] = "2016-11-20";
                return Geo.Feature(Geo.Line((lon, lat), (lon, lat + metres / mPerDeg)), p);
            }
            Check(await PostGeoJson("/api/roads/import", Geo.Collection(
                Line("V28-R", Lon + 0.002, Lat + 0.001, 3500, new() { ["road_class"] = "village", ["surface"] = "cement" }, mLat))));
            Check(await PostGeoJson("/api/power_lines/import", Geo.Collection(
                Line("V28-P10", Lon + 0.001, Lat + 0.001, 2000, new() { ["voltage_kv"] = 10 }, mLat),
                Line("V28-P04", Lon + 0.003, Lat + 0.001, 1500, new() { ["voltage_kv"] = 0.4 }, mLat))));
            Check(await PostGeoJson("/api/wells/import", Geo.Collection(
                Geo.Feature(Geo.Point(Lon + 0.001, Lat + 0.002), new() { ["code"] = "V28-W1", ["well_type"] = "electromechanical", ["status"] = "completed", ["started_on"] = "2016-06-01", ["completed_on"] = "2016-10-01" }),
                Geo.Feature(Geo.Point(Lon + 0.003, Lat + 0.002), new() { ["code"] = "V28-W2", ["well_type"] = "electromechanical", ["status"] = "completed", ["started_on"] = "2016-06-01", ["completed_on"] = "2016-10-01" }))));
            // 28 households: all claimed keys on 2016-12-01, 20 moved in on 2017-01-10.
            Check(await PostCsv(CsvHeader + "\n" + string.Join("\n", Enumerable.Range(1, 28).Select(i =>
                $"V{i:00},户主{i},{2 + i % 3},150621,,V28,centralized,2016-03-01,2016-12-01,{(i <= 20 ? "2017-01-10" : "")}")) + "\n"));
        }

        async Task Site(string code, string name, double lon, double lat, int capacity) =>
            Check(await PostGeoJson("/api/sites", Geo.Feature(Geo.Square(lon, lat, 0.004),
                new() { ["code"] = code, ["name"] = name, ["site_type"] = "centralized", ["capacity_households"] = capacity })));

        public static void Check(HttpResponseMessage r)
        {
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)r.StatusCode} {r.Content.ReadAsStringAsync().Result}");
        }
    }

    static readonly object Plan = new
    {
        houses = new[] { new { type = "80.88 m2 brick house", count = 28, floor_area_m2 = "80.88" } },
        facilities = new object[]
        {
            new { kind = "livestock_stall", quantity = 2800, unit = "m2" },
            new { kind = "well", quantity = 2, unit = "wells" },
            new { kind = "power_line", quantity = 3500, unit = "m" },
            new { kind = "road", quantity = 3.5, unit = "km" },
            new { kind = "drinking_water_project", quantity = 1, unit = "projects" },
            new { kind = "garage", quantity = 28, unit = "garages" },
        },
        budget = new object[] { new { funding_source = "counterpart", amount = "4000000.00" }, new { funding_source = "local", amount = 980000 } },
    };

    async Task<JsonElement> ProgressRow(string level, string asOf, string unit)
    {
        var r = await f.Http.GetAsync($"/api/reports/site-progress?level={level}&as_of={asOf}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return (await r.Json()).GetProperty("rows").EnumerateArray().Single(x => x.GetProperty("unit_code").GetString() == unit);
    }

    async Task<JsonElement> Project(string asOf) => await (await f.Http.GetAsync($"/api/sites/V28/project?as_of={asOf}")).Json();

    [Fact]
    public async Task The_28_household_village_comes_out_exactly_and_rolls_up_into_site_progress()
    {
        var put = await f.Http.PutAsJsonAsync("/api/sites/V28/plan", Plan);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"v1\"", put.Headers.ETag!.Tag);
        Assert.Equal("2264.64", (await put.Json()).GetProperty("floor_area_m2").GetRawText());
        foreach (var (m, d) in new[] { ("approved", "2016-05-16"), ("construction_started", "2016-06-01"), ("infrastructure_completed", "2016-11-20") })
            Assert.Equal(HttpStatusCode.Created, (await f.PostJson("/api/sites/V28/milestones", new { milestone = m, date = d })).StatusCode);

        var p = await Project("2016-11-30");
        var plan = p.GetProperty("plan");
        Assert.Equal(28, plan.GetProperty("houses_planned").GetInt32());
        Assert.Equal("2264.64", plan.GetProperty("floor_area_m2").GetRawText());
        Assert.Equal("4980000.00", plan.GetProperty("budget_total").GetRawText());
        Assert.Equal("80.88", plan.GetProperty("houses")[0].GetProperty("floor_area_m2").GetRawText());
        Assert.Equal([("livestock_stall", "2800.00"), ("well", "2.00"), ("power_line", "3500.00"), ("road", "3.50"), ("drinking_water_project", "1.00"), ("garage", "28.00")],
            plan.GetProperty("facilities").EnumerateArray().Select(x => (x.GetProperty("kind").GetString()!, x.GetProperty("quantity").GetRawText())));
        var counterpart = p.GetProperty("budget").GetProperty("by_source").EnumerateArray().Single(s => s.GetProperty("funding_source").GetString() == "counterpart");
        Assert.Equal(4000000.00m, counterpart.GetProperty("budget").GetDecimal());
        Assert.Equal(["approved", "construction_started", "infrastructure_completed"],
            p.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("milestone").GetString()));
        Assert.Equal("2016-11-20", p.GetProperty("milestones")[2].GetProperty("date").GetString());

        // Households against capacity: all 28 assigned and with keys by 2016-12-01, 20 moved in on 2017-01-10.
        var hh = (await Project("2017-02-01")).GetProperty("households");
        Assert.Equal((28, 28, 28, 20), (hh.GetProperty("capacity").GetInt32(), hh.GetProperty("assigned").GetInt32(), hh.GetProperty("keys_claimed").GetInt32(), hh.GetProperty("moved_in").GetInt32()));

        // Its own infrastructure, measured geodesically by PostGIS: 2 wells, 3.5 km of roads, 3,500 m of lines.
        var infra = p.GetProperty("infrastructure");
        Assert.Equal(2, infra.GetProperty("wells").GetProperty("completed_count").GetInt32());
        Assert.Equal(3.5, infra.GetProperty("roads").GetProperty("completed_km").GetDouble(), 0.002);
        Assert.Equal(3.5, infra.GetProperty("power_lines").GetProperty("completed_km").GetDouble(), 0.002);
        Assert.Equal(2, infra.GetProperty("power_lines").GetProperty("count").GetInt32());

        // The banners' and the city's site progress: hand-computed from the plan, ledger and milestones.
        Assert.Equal(HttpStatusCode.Created, (await f.PostJson("/api/sites/V28/milestones", new { milestone = "handed_over", date = "2016-12-01" })).StatusCode);
        await f.PostJson("/api/sites/V28/expenditures", new { category = "housing", amount = "3000000.00", spent_on = "2016-08-01", funding_source = "counterpart" });
        await f.PostJson("/api/sites/V28/expenditures", new { category = "roads", amount = "600000.00", spent_on = "2016-10-15", funding_source = "local" });
        var dalad = await ProgressRow("county", "2016-11-30", "150621");
        Assert.Equal(1, dalad.GetProperty("sites").GetInt32());
        Assert.Equal(1, dalad.GetProperty("approved").GetInt32());
        Assert.Equal(0, dalad.GetProperty("handed_over").GetInt32());
        Assert.Equal(28, dalad.GetProperty("houses_planned").GetInt32());
        Assert.Equal(2264.64m, dalad.GetProperty("floor_area_m2_planned").GetDecimal());
        Assert.Equal(4980000.00m, dalad.GetProperty("budget_total").GetDecimal());
        Assert.Equal(3600000.00m, dalad.GetProperty("spent_total").GetDecimal());
        Assert.Equal(0.722892m, dalad.GetProperty("spent_rate").GetDecimal()); // 3,600,000 / 4,980,000
        Assert.Equal((28, 28, 0), (dalad.GetProperty("capacity_households").GetInt32(), dalad.GetProperty("households_assigned").GetInt32(), dalad.GetProperty("moved_in").GetInt32()));
        var later = await ProgressRow("county", "2017-02-01", "150621");
        Assert.Equal((1, 20), (later.GetProperty("handed_over").GetInt32(), later.GetProperty("moved_in").GetInt32()));
        Assert.Equal(0, (await ProgressRow("county", "2016-05-15", "150621")).GetProperty("approved").GetInt32());
        var city = await ProgressRow("city", "2017-02-01", "1506");
        Assert.Equal(2, city.GetProperty("sites").GetInt32());
        Assert.Equal(88, city.GetProperty("capacity_households").GetInt32());
        var csv = await f.Http.GetStringAsync("/api/reports/site-progress?level=county&as_of=2016-11-30&format=csv");
        Assert.StartsWith("unit_code,unit_name,sites,approved,handed_over,houses_planned,floor_area_m2_planned,budget_total,spent_total,spent_rate", csv);
        Assert.Contains("150621,达拉特旗,1,1,0,28,2264.64,4980000.00,3600000.00,0.722892,0,28,28,0", csv);

        // A new version of the plan needs the current ETag when one is sent; history keeps both.
        var stale = new HttpRequestMessage(HttpMethod.Put, "/api/sites/V28/plan") { Content = JsonContent.Create(Plan) };
        stale.Headers.IfMatch.Add(new("\"v7\""));
        var refused = await f.Http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        var fresh = new HttpRequestMessage(HttpMethod.Put, "/api/sites/V28/plan") { Content = JsonContent.Create(Plan) };
        fresh.Headers.IfMatch.Add(new("\"v1\""));
        Assert.Equal("\"v2\"", (await f.Http.SendAsync(fresh)).Headers.ETag!.Tag);
        Assert.Equal(2L, await f.ScalarAsync("SELECT count(*) FROM history WHERE entity = 'site_plans'"));
    }

    [Fact]
    public async Task Spending_past_a_source_is_recorded_flagged_and_reversible()
    {
        await f.Http.PutAsJsonAsync("/api/sites/J1/plan", new { houses = new[] { new { type = "A", count = 10, floor_area_m2 = 60 } }, budget = new[] { new { funding_source = "counterpart", amount = 1000000 } } });
        async Task<JsonElement> Spend(object body)
        {
            var r = await f.PostJson("/api/sites/J1/expenditures", body);
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            return await r.Json();
        }
        await Spend(new { category = "housing", amount = "600000.00", spent_on = "2016-08-01", funding_source = "counterpart" });
        var within = await Spend(new { category = "water", amount = 400000, spent_on = "2016-09-01", funding_source = "counterpart" });
        Assert.Equal(0, within.GetProperty("warnings").GetArrayLength()); // exactly the budget is within it
        var over = await Spend(new { category = "roads", amount = "0.01", spent_on = "2016-10-01", funding_source = "counterpart" });
        Assert.Equal("within_budget", over.GetProperty("warnings")[0].GetProperty("rule").GetString());
        var id = over.GetProperty("entry").GetProperty("id").GetInt64();

        var flagged = await (await f.Http.GetAsync("/api/sites/J1/project?as_of=2016-10-15")).Json();
        var source = flagged.GetProperty("budget").GetProperty("by_source")[0];
        Assert.True(source.GetProperty("over_budget").GetBoolean());
        Assert.Equal(-0.01m, source.GetProperty("remaining").GetDecimal());
        var progress = await (await f.Http.GetAsync("/api/reports/site-progress?level=county&as_of=2016-10-15")).Json();
        Assert.Equal(1, progress.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unit_code").GetString() == "150622").GetProperty("over_budget_sites").GetInt32());

        // A reversal is a negative entry naming the original; it never takes back more than is left.
        var reversal = await Spend(new { reverses = id, amount = "-0.01", spent_on = "2016-10-20" });
        Assert.Equal("roads", reversal.GetProperty("entry").GetProperty("category").GetString());
        var before = await f.CountAsync("site_expenditures");
        foreach (var (body, field, rule) in new (object, string, string)[]
        {
            (new { reverses = id, amount = "-0.01", spent_on = "2016-10-21" }, "amount", "reversal_within_original"),
            (new { reverses = id, amount = "-0.01", spent_on = "2016-09-30" }, "spent_on", "dates_in_order"),
            (new { reverses = 999999, amount = "-1.00", spent_on = "2016-10-21" }, "reverses", "reference"),
            (new { category = "roads", amount = "-5.00", spent_on = "2016-10-21", funding_source = "counterpart" }, "amount", "positive"),
            (new { category = "bribes", amount = "5.00", spent_on = "2016-10-21", funding_source = "counterpart" }, "category", "enum"),
            (new { category = "roads", amount = "5.001", spent_on = "2016-10-21", funding_source = "counterpart" }, "amount", "decimal"),
        })
        {
            var r = await f.PostJson("/api/sites/J1/expenditures", body);
            Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{r.StatusCode} for {JsonSerializer.Serialize(body)}");
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
            var problem = await r.Json();
            Assert.Equal((field, rule), (problem.GetProperty("field").GetString(), problem.GetProperty("errors")[0].GetProperty("rule").GetString()));
        }
        Assert.Equal(before, await f.CountAsync("site_expenditures"));
        var after = await (await f.Http.GetAsync("/api/sites/J1/project?as_of=2016-10-31")).Json();
        Assert.False(after.GetProperty("budget").GetProperty("by_source")[0].GetProperty("over_budget").GetBoolean());
        Assert.Equal("1000000.00", after.GetProperty("budget").GetProperty("spent_total").GetRawText());
        Assert.Equal(1m, after.GetProperty("budget").GetProperty("spent_rate").GetDecimal());
        // The county's report agrees day by day: over budget from the 0.01 until its reversal, then within it;
        // raising the budget afterwards takes the site out of the earlier days too.
        async Task<(long Over, decimal Spent)> County(string asOf)
        {
            var row = (await (await f.Http.GetAsync($"/api/reports/site-progress?level=county&as_of={asOf}")).Json())
                .GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unit_code").GetString() == "150622");
            return (row.GetProperty("over_budget_sites").GetInt64(), row.GetProperty("spent_total").GetDecimal());
        }
        var spentBefore = (await County("2016-09-30")).Spent;
        Assert.Equal((1, spentBefore + 0.01m), await County("2016-10-01"));
        Assert.Equal((1, spentBefore + 0.01m), await County("2016-10-19"));
        Assert.Equal((0, spentBefore), await County("2016-10-20"));
        Assert.Equal(HttpStatusCode.OK, (await f.Http.PutAsJsonAsync("/api/sites/J1/plan", new { houses = new[] { new { type = "A", count = 10, floor_area_m2 = 60 } }, budget = new[] { new { funding_source = "counterpart", amount = 2000000 } } })).StatusCode);
        Assert.Equal(0, (await County("2016-10-15")).Over);
    }

    [Fact]
    public async Task Milestones_backwards_are_refused_and_nothing_is_stored()
    {
        Assert.Equal(HttpStatusCode.Created, (await f.PostJson("/api/sites/J1/milestones", new { milestone = "houses_completed", date = "2017-06-01" })).StatusCode);
        var before = await f.CountAsync("site_milestones");
        foreach (var (body, field, rule) in new (object, string, string)[]
        {
            (new { milestone = "construction_started", date = "2017-07-01" }, "milestone", "forward_only"),
            (new { milestone = "handed_over", date = "2017-05-01" }, "date", "dates_in_order"),
            (new { milestone = "houses_completed", date = "2017-08-01" }, "milestone", "once"),
            (new { milestone = "topped_out", date = "2017-08-01" }, "milestone", "enum"),
            (new { milestone = "handed_over", date = "2017-02-30" }, "date", "date"),
        })
        {
            var r = await f.PostJson("/api/sites/J1/milestones", body);
            Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, r.StatusCode.ToString());
            var problem = await r.Json();
            Assert.Equal((field, rule), (problem.GetProperty("field").GetString(), problem.GetProperty("errors")[0].GetProperty("rule").GetString()));
        }
        Assert.Equal(before, await f.CountAsync("site_milestones"));
        // Infrastructure may complete after the houses (same rank), not before the approval.
        Assert.Equal(HttpStatusCode.Created, (await f.PostJson("/api/sites/J1/milestones", new { milestone = "infrastructure_completed", date = "2017-06-15" })).StatusCode);
        var plan = await f.Http.PutAsJsonAsync("/api/sites/J1/plan", new { houses = new[] { new { type = "A", count = 0, floor_area_m2 = 60 } } });
        Assert.Equal("houses[0].count", (await plan.Json()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await f.PostJson("/api/sites/NOPE/milestones", new { milestone = "approved", date = "2016-05-01" })).StatusCode);
    }
}
