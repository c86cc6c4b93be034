using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace RelocationPlanner.Api.Tests.Field;

/// <summary>
/// Inspection by sampling against the real service: the same seed draws the same households in
/// the same order; results arrive through the field queue; the report's figures equal a count
/// made here from the stored results, with the Wilson interval computed here too.
/// </summary>
[Collection(FieldCollection.Name)]
public class InspectionTests(FieldFixture f)
{
    static object Draw(long seed, string? stratify = "county", int households = 20) => new { unit_code = "1506", households, stratify_by = stratify, seed };

    static List<string> Codes(JsonElement inspection) => [.. inspection.GetProperty("households").EnumerateArray().Select(h => h.GetString()!)];

    [Fact]
    public async Task A_sample_drawn_twice_with_one_seed_is_the_same()
    {
        var a = await (await f.Http.PostAsJsonAsync("/api/inspections", Draw(20261130))).Json();
        var b = await (await f.Http.PostAsJsonAsync("/api/inspections", Draw(20261130))).Json();
        Assert.NotEqual(a.GetProperty("id").GetInt64(), b.GetProperty("id").GetInt64());
        Assert.Equal(20, Codes(a).Count);
        Assert.Equal(Codes(a), Codes(b));
        // Proportional allocation: Dalad holds 60 of the 100 households, Jungar 40.
        var strata = a.GetProperty("strata").EnumerateArray().ToDictionary(s => s.GetProperty("stratum").GetString()!, s => s.GetProperty("sampled").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["150621"] = 12, ["150622"] = 8 }, strata);
        Assert.All(Codes(a).Take(12), c => Assert.InRange(int.Parse(c[2..], System.Globalization.CultureInfo.InvariantCulture), 1, 60));
        Assert.Equal(f.AdminName, a.GetProperty("drawn_by").GetString());
        var other = await (await f.Http.PostAsJsonAsync("/api/inspections", Draw(7))).Json();
        Assert.NotEqual(Codes(a), Codes(other));
        var stored = await (await f.Officer.GetAsync($"/api/inspections/{a.GetProperty("id").GetInt64()}")).Json();
        Assert.Equal(Codes(a), Codes(stored));
        var rate = await (await f.Http.PostAsJsonAsync("/api/inspections", new { unit_code = "150622", rate = 0.1, stratify_by = "site", seed = 1 })).Json();
        Assert.Equal(4, Codes(rate).Count);

        // Drawing decides for whole counties: admins only; bad requests name the field.
        Assert.Equal(HttpStatusCode.Forbidden, (await f.Officer.PostAsJsonAsync("/api/inspections", Draw(1))).StatusCode);
        var bad = await f.Http.PostAsJsonAsync("/api/inspections", new { unit_code = "1506", households = 5, rate = 0.5, seed = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("households", (await bad.Json()).GetProperty("field").GetString());
        var noSeed = await f.Http.PostAsJsonAsync("/api/inspections", new { unit_code = "1506", households = 5 });
        Assert.Equal("seed", (await noSeed.Json()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_report_matches_a_hand_count_of_the_stored_results()
    {
        var drawn = await (await f.Http.PostAsJsonAsync("/api/inspections", Draw(99))).Json();
        var inspectionId = drawn.GetProperty("id").GetInt64();
        var package = await FieldFixture.PackageAsync(f.Officer, new { inspection_id = inspectionId });
        var households = package.GetProperty("households").EnumerateArray().ToList();
        Assert.Equal(Codes(drawn), households.Select(h => h.GetProperty("code").GetString()));
        Assert.Equal(Codes(drawn), package.GetProperty("inspection").GetProperty("households").EnumerateArray().Select(x => x.GetString()));

        // Dalad: every household the registry does not count settled had in fact moved in (so the
        // sample contradicts Dalad's rate); Jungar: a mix. The last two of each stratum are not visited.
        var byStratum = households.GroupBy(h => int.Parse(h.GetProperty("code").GetString()![2..], System.Globalization.CultureInfo.InvariantCulture) <= 60).ToList();
        var i = 0;
        foreach (var group in byStratum)
            foreach (var h in group.SkipLast(2))
            {
                var settled = h.GetProperty("status").GetString() is "keys_claimed" or "moved_in";
                var (outcome, fields) = group.Key
                    ? settled ? ("verified", Array.Empty<string>()) : ("discrepancy", new[] { "moved_in" })
                    : (i++ % 3) switch { 0 => ("verified", Array.Empty<string>()), 1 => ("discrepancy", new[] { "keys_claimed", "head_name" }), _ => ("discrepancy", new[] { "members" }) };
                var body = JsonSerializer.Serialize(new
                {
                    package_id = package.GetProperty("id").GetInt64(),
                    household_code = h.GetProperty("code").GetString(),
                    base_version = h.GetProperty("version").GetInt32(),
                    kind = "inspection_result",
                    inspection_id = inspectionId,
                    outcome,
                    fields,
                    note = "checked at the door",
                });
                var r = await FieldFixture.SendChange(f.Officer, Guid.NewGuid().ToString(), body);
                Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
            }

        // A second, different finding for a visited household is a conflict; accepting it replaces the first.
        var firstVisited = byStratum.Single(g => !g.Key).First();
        var change = JsonSerializer.Serialize(new
        {
            package_id = package.GetProperty("id").GetInt64(),
            household_code = firstVisited.GetProperty("code").GetString(),
            base_version = firstVisited.GetProperty("version").GetInt32(),
            kind = "inspection_result",
            inspection_id = inspectionId,
            outcome = "discrepancy",
            fields = new[] { "site_code" },
        });
        var conflict = await FieldFixture.SendChange(f.Officer, Guid.NewGuid().ToString(), change);
        Assert.Equal(HttpStatusCode.Accepted, conflict.StatusCode);
        var conflictId = (await conflict.Json()).GetProperty("conflict_id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await f.Officer.PostAsync($"/api/field/conflicts/{conflictId}/accept", null)).StatusCode);

        var report = await (await f.Officer.GetAsync($"/api/inspections/{inspectionId}/report")).Json();

        // The hand count, from the stored rows.
        var rows = new List<(string Stratum, string County, bool Settled, string? Outcome, string[] Fields)>();
        await using (var conn = new NpgsqlConnection(f.Service.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                SELECT ih.stratum, ih.county_code, ih.settled, r.outcome, coalesce(r.fields, '{}')
                FROM inspection_households ih LEFT JOIN inspection_results r ON r.inspection_id = ih.inspection_id AND r.household_id = ih.household_id
                WHERE ih.inspection_id = $1
                """, conn);
            cmd.Parameters.AddWithValue(inspectionId);
            await using var rd = await cmd.ExecuteReaderAsync();
            while (await rd.ReadAsync()) rows.Add((rd.GetString(0), rd.GetString(1), rd.GetBoolean(2), rd.IsDBNull(3) ? null : rd.GetString(3), (string[])rd[4]));
        }
        Assert.Equal(20, rows.Count);
        var strata = report.GetProperty("strata").EnumerateArray().ToDictionary(s => s.GetProperty("stratum").GetString()!);
        foreach (var g in rows.GroupBy(r => r.Stratum))
        {
            var s = strata[g.Key];
            int visited = g.Count(r => r.Outcome is not null), discrepancies = g.Count(r => r.Outcome == "discrepancy");
            Assert.Equal(g.Count(), s.GetProperty("sampled").GetInt32());
            Assert.Equal(visited, s.GetProperty("visited").GetInt32());
            Assert.Equal(g.Count(r => r.Outcome == "verified"), s.GetProperty("verified").GetInt32());
            Assert.Equal(discrepancies, s.GetProperty("discrepancies").GetInt32());
            var byField = s.GetProperty("discrepancies_by_field").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
            var counted = g.Where(r => r.Outcome == "discrepancy").SelectMany(r => r.Fields).GroupBy(x => x).ToDictionary(x => x.Key, x => x.Count());
            Assert.Equal(counted.OrderBy(x => x.Key), byField.OrderBy(x => x.Key));
            Assert.Equal((double)discrepancies / visited, s.GetProperty("discrepancy_rate").GetDouble(), 9);
            var (low, high) = Wilson(discrepancies, visited);
            Assert.Equal(low, s.GetProperty("ci95").GetProperty("low").GetDouble(), 9);
            Assert.Equal(high, s.GetProperty("ci95").GetProperty("high").GetDouble(), 9);
            Assert.Equal("wilson", s.GetProperty("ci95").GetProperty("method").GetString());
        }
        Assert.Equal(16, report.GetProperty("total").GetProperty("visited").GetInt32());
        Assert.Contains("site_code", strata["150622"].GetProperty("discrepancies_by_field").EnumerateObject().Select(p => p.Name));

        // Counties: the registry's settled rate against the sample's, by the same rule, counted here.
        var contradicted = new List<string>();
        foreach (var g in rows.GroupBy(r => r.County))
        {
            var (registered, settled) = await SettledAsync(g.Key);
            var reported = (double)settled / registered;
            var visited = g.Where(r => r.Outcome is not null).ToList();
            var found = visited.Count(r => r.Settled ^ (r.Outcome == "discrepancy" && r.Fields.Any(x => x is "keys_claimed" or "moved_in")));
            var (low, high) = Wilson(found, visited.Count);
            var county = report.GetProperty("counties").EnumerateArray().Single(c => c.GetProperty("unit_code").GetString() == g.Key);
            Assert.Equal(reported, county.GetProperty("reported_settled_rate").GetDouble(), 6);
            Assert.Equal((double)found / visited.Count, county.GetProperty("sample_settled_rate").GetDouble(), 9);
            if (reported < low || reported > high) contradicted.Add(g.Key);
        }
        Assert.Contains("150621", contradicted);
        Assert.Equal(contradicted, report.GetProperty("contradicted_counties").EnumerateArray().Select(c => c.GetProperty("unit_code").GetString()!));
    }

    async Task<(long Households, long Settled)> SettledAsync(string county)
    {
        var all = await f.ScalarLongAsync("SELECT count(*) FROM household_status WHERE unit_code = $1 AND withdrawn_on IS NULL", county);
        var settled = await f.ScalarLongAsync("SELECT count(*) FROM household_status WHERE unit_code = $1 AND withdrawn_on IS NULL AND (keys_claimed_on IS NOT NULL OR moved_in_on IS NOT NULL)", county);
        return (all, settled);
    }

    /// <summary>The Wilson score interval, written out here (z for 95 %).</summary>
    static (double Low, double High) Wilson(int k, int n)
    {
        const double z = 1.959963984540054;
        var p = (double)k / n;
        var centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        var half = z / (1 + z * z / n) * Math.Sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
