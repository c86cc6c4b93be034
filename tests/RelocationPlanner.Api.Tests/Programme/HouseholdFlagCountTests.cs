using System.Net;
using System.Text.Json;
using RelocationPlanner.Api.Tests.Registry;

namespace RelocationPlanner.Api.Tests.Programme;

/// <summary>
/// The household list's count of a compliance flag stops past 1,000 households, as a search's does,
/// and every flagged household is still listed once in code order, whichever way the page is read
/// (the flag alone, with a unit, with a status or a search beside it).
/// </summary>
public class HouseholdFlagCountTests(HouseholdFlagCountTests.Fixture f) : IClassFixture<HouseholdFlagCountTests.Fixture>
{
    /// <summary>nat-2016 (25 m2 a person) over region 15; 1,003 households over it in Dalad, 3 over and 2 within in Jungar.</summary>
    public sealed class Fixture : RegistryFixture
    {
        protected override async Task SeedAsync()
        {
            SiteProjectTests.Fixture.Check(await PostJson("/api/compliance-policies", ComplianceTests.Fixture.National2016));
            var rows = Enumerable.Range(0, 1003).Select(i => $"FC{i:D4},其其格,2,150621,,,separate_self_built,2016-03-01,,,100.00,,,,,")
                .Concat(["FJ1,乌兰,3,150622,,,separate_self_built,2016-03-01,,,90.00,,,,,", "FJ2,乌兰,3,150622,,,separate_self_built,2016-03-01,2016-09-01,,90.00,,,,,",
                         "FJ3,萨仁,1,150622,,,separate_self_built,2016-03-01,,,30.00,,,,,", "FJ4,萨仁,4,150622,,,separate_self_built,2016-03-01,,,100.00,,,,,",
                         "FJ5,萨仁,4,150622,,,separate_self_built,2016-03-01,,,60.00,,,,,"]);
            SiteProjectTests.Fixture.Check(await PostCsv(CsvHeader + ComplianceTests.Fixture.Columns + "\n" + string.Join("\n", rows) + "\n"));
        }
    }

    [Fact]
    public async Task A_flag_past_the_count_cap_says_more_than_and_still_pages_through_every_household()
    {
        var first = await List("/api/households?flag=area&limit=1000");
        Assert.True(first.GetProperty("total_capped").GetBoolean());
        Assert.Equal(1000, first.GetProperty("total_households").GetInt64());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("total_people").ValueKind);
        var codes = await Walk("/api/households?flag=area&limit=1000", first);
        // FJ1, FJ2 (30 m2 a person), FJ3 (30 m2) and every FC; FJ4 is exactly 25, FJ5 15.
        Assert.Equal(1006, codes.Count);
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.Equal(["FJ1", "FJ2", "FJ3"], codes.Where(c => c.StartsWith("FJ", StringComparison.Ordinal)));

        // A status or a search beside the flag: the first page is the first of the same households.
        // FJ2 has claimed its keys, so is not among the registered; only the FC heads are named 其其格.
        foreach (var (filter, count) in new[] { ("&status=registered", 1005), ("&q=其其格", 1003) })
        {
            var page = await List($"/api/households?flag=area{filter}&limit=50");
            Assert.True(page.GetProperty("total_capped").GetBoolean());
            Assert.Equal(codes.Take(50), Codes(page));
            var all = await Walk($"/api/households?flag=area{filter}&limit=400", await List($"/api/households?flag=area{filter}&limit=400"));
            Assert.Equal(count, all.Count);
            Assert.Equal(count, all.Distinct().Count());
        }
    }

    [Fact]
    public async Task Under_the_cap_a_flag_is_counted_exactly_in_households_and_people()
    {
        var jungar = await List("/api/households?flag=area&unit=150622&limit=2");
        Assert.False(jungar.GetProperty("total_capped").GetBoolean());
        Assert.Equal((3, 7), (jungar.GetProperty("total_households").GetInt64(), jungar.GetProperty("total_people").GetInt64()));
        Assert.Equal(["FJ1", "FJ2", "FJ3"], await Walk("/api/households?flag=area&unit=150622&limit=2", jungar));
        // FJ2 claimed its keys: the status narrows the flag's households, and counts them exactly.
        var keys = await List("/api/households?flag=area&status=keys_claimed");
        Assert.Equal((1, 3), (keys.GetProperty("total_households").GetInt64(), keys.GetProperty("total_people").GetInt64()));
        Assert.Equal(["FJ2"], Codes(keys));
        // A flag nobody has: an empty list, counted as none.
        var none = await List("/api/households?flag=self_paid");
        Assert.Equal((0, 0), (none.GetProperty("total_households").GetInt64(), none.GetProperty("total_people").GetInt64()));
        Assert.Empty(Codes(none));
    }

    async Task<List<string>> Walk(string url, JsonElement page)
    {
        var codes = Codes(page).ToList();
        while (page.GetProperty("next_after").GetString() is { } after)
            codes.AddRange(Codes(page = await List($"{url}&after={after}")));
        return codes;
    }

    static IEnumerable<string> Codes(JsonElement page) => page.GetProperty("households").EnumerateArray().Select(h => h.GetProperty("code").GetString()!);

    async Task<JsonElement> List(string url)
    {
        var r = await f.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.Json();
    }
}
