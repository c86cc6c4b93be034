using System.Net;
using System.Text.Json;

namespace RelocationPlanner.Api.Tests.Registry;

/// <summary>The household list as the officer's screen uses it: search by code or head's name, counts on the first page, keyset paging.</summary>
public class HouseholdSearchTests(RegistryFixture f) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Search_by_head_name_or_code_prefix_counts_the_matches_on_the_first_page()
    {
        // Five households in one banner; two heads named Wulan (one in a quoted field), three of them with 3 members.
        var csv = RegistryFixture.CsvHeader + "\n" + string.Join("\n",
            "SRCH01,Wulan Bagen,3,150622,,,separate_self_built,2016-03-01,,",
            "SRCH02,Bao Li,3,150622,,,separate_self_built,2016-03-01,2016-10-01,",
            "SRCH03,\"Wulan, Hasi\",2,150622,,,separate_self_built,2016-03-01,,",
            "SRCH04,Bao Wen,3,150622,,,separate_self_built,2016-03-01,,",
            "SRCH05,Sarula,1,150622,,,separate_self_built,2016-03-01,,") + "\n";
        Assert.Equal(HttpStatusCode.OK, (await f.PostCsv(csv)).StatusCode);

        var byName = await List("/api/households?q=wulan&limit=10");
        Assert.Equal(["SRCH01", "SRCH03"], Codes(byName));
        Assert.Equal(2, byName.GetProperty("total_households").GetInt64());
        Assert.Equal(5, byName.GetProperty("total_people").GetInt64());

        var byCode = await List("/api/households?q=SRCH0&status=keys_claimed");
        Assert.Equal(["SRCH02"], Codes(byCode));

        // Two per page: the first page counts all five, the next pages carry no counts.
        var first = await List("/api/households?q=SRCH&limit=2");
        Assert.Equal(["SRCH01", "SRCH02"], Codes(first));
        Assert.Equal(5, first.GetProperty("total_households").GetInt64());
        Assert.Equal(12, first.GetProperty("total_people").GetInt64());
        var second = await List($"/api/households?q=SRCH&limit=2&after={first.GetProperty("next_after").GetString()}");
        Assert.Equal(["SRCH03", "SRCH04"], Codes(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("total_households").ValueKind);
    }

    [Fact]
    public async Task Chinese_names_match_by_one_or_more_characters_and_codes_only_by_their_prefix()
    {
        var csv = RegistryFixture.CsvHeader + "\n" + string.Join("\n",
            "ZH_01,张玉梅,3,150621,,,separate_self_built,2016-03-01,,",
            "ZHX02,王玉兰,2,150621,,,separate_self_built,2016-03-01,,",
            "ZHX03,巴特尔桂兰,4,150622,,,separate_self_built,2016-03-01,,",
            "ZHX04,玉梅,1,150622,,,separate_self_built,2016-03-01,,") + "\n";
        Assert.Equal(HttpStatusCode.OK, (await f.PostCsv(csv)).StatusCode);
        async Task<(string Codes, long Households, long People)> Search(string q, string unit = "")
        {
            var page = await List($"/api/households?q={Uri.EscapeDataString(q)}{unit}&limit=10");
            // Which codes (their order is the list's collation's, tested above).
            return (string.Join(" ", Codes(page).Order(StringComparer.Ordinal)), page.GetProperty("total_households").GetInt64(), page.GetProperty("total_people").GetInt64());
        }
        // One character, a pair, a whole name, a name inside a longer one; counts as listed.
        Assert.Equal(("ZHX02 ZHX04 ZH_01", 3, 6), await Search("玉"));
        Assert.Equal(("ZHX04 ZH_01", 2, 4), await Search("玉梅"));
        Assert.Equal(("ZH_01", 1, 3), await Search("张玉梅"));
        Assert.Equal(("ZHX03", 1, 4), await Search("桂兰"));
        Assert.Equal(("ZHX04", 1, 1), await Search("玉梅", "&unit=150622"));
        // Pairs that are each in the name but not side by side are no match.
        Assert.Equal(("", 0, 0), await Search("梅玉"));
        // A code prefix is taken literally: _ and % match themselves only.
        Assert.Equal(("ZH_01", 1, 3), await Search("ZH_"));
        Assert.Equal(("", 0, 0), await Search("ZH%"));
        Assert.Equal(("ZHX02 ZHX03 ZHX04 ZH_01", 4, 10), await Search("ZH"));
    }

    [Fact]
    public async Task A_search_past_the_count_cap_says_more_than_and_still_pages_through_every_match()
    {
        // 1,003 heads named 其其格 (more than the 1,000 a search counts) and one 其其格日乐 beside them.
        var rows = Enumerable.Range(0, 1003).Select(i => $"CAP{i:D4},其其格,2,150621,,,separate_self_built,2016-03-01,,").Append("CAPX,其其格日乐,4,150621,,,separate_self_built,2016-03-01,,");
        Assert.Equal(HttpStatusCode.OK, (await f.PostCsv(RegistryFixture.CsvHeader + "\n" + string.Join("\n", rows) + "\n")).StatusCode);

        var first = await List("/api/households?q=其其格&limit=1000");
        Assert.True(first.GetProperty("total_capped").GetBoolean());
        Assert.Equal(1000, first.GetProperty("total_households").GetInt64());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("total_people").ValueKind);
        // Every match is still listed, once, in code order.
        var codes = Codes(first).ToList();
        var next = await List($"/api/households?q=其其格&limit=1000&after={first.GetProperty("next_after").GetString()}");
        codes.AddRange(Codes(next));
        Assert.Equal(JsonValueKind.Null, next.GetProperty("next_after").ValueKind);
        Assert.Equal(1004, codes.Count);
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.Equal(1004, codes.Distinct().Count());

        // Under the cap the count is exact, people too.
        var few = await List("/api/households?q=其其格日乐");
        Assert.False(few.GetProperty("total_capped").GetBoolean());
        Assert.Equal((1, 4), (few.GetProperty("total_households").GetInt64(), few.GetProperty("total_people").GetInt64()));
    }

    [Fact]
    public async Task A_unit_lists_exactly_its_households_when_their_codes_interleave_with_another_units()
    {
        // Codes alternate between two banners, so each banner's first-to-last stretch holds the other's too.
        var csv = RegistryFixture.CsvHeader + "\n" + string.Join("\n", Enumerable.Range(0, 9).Select(i =>
            $"SPN{i},Span {i},{1 + i % 3},{(i % 2 == 0 ? "150621" : "150622")},,,separate_self_built,2016-03-01,{(i % 4 == 0 ? "2016-10-01" : "")},")) + "\n";
        Assert.Equal(HttpStatusCode.OK, (await f.PostCsv(csv)).StatusCode);
        async Task<List<string>> All(string filter)
        {
            var codes = new List<string>();
            string? after = null;
            do
            {
                var page = await List($"/api/households?q=SPN{filter}&limit=2" + (after is null ? "" : $"&after={after}"));
                codes.AddRange(Codes(page));
                after = page.GetProperty("next_after").GetString();
            } while (after is not null);
            return codes;
        }
        Assert.Equal(["SPN0", "SPN2", "SPN4", "SPN6", "SPN8"], await All("&unit=150621"));
        Assert.Equal(["SPN1", "SPN3", "SPN5", "SPN7"], await All("&unit=150622"));
        Assert.Equal(["SPN0", "SPN4", "SPN8"], await All("&unit=150621&status=keys_claimed"));
        // Without a search (the walk between the unit's first and last code), the unit's rows and counts.
        var ours = (await List("/api/households?unit=150622&limit=1000")).GetProperty("households").EnumerateArray()
            .Select(h => h.GetProperty("code").GetString()!).Where(c => c.StartsWith("SPN", StringComparison.Ordinal)).ToList();
        Assert.Equal(["SPN1", "SPN3", "SPN5", "SPN7"], ours);
        var other = (await List("/api/households?unit=150621&limit=1000")).GetProperty("households").EnumerateArray().Select(h => h.GetProperty("unit_code").GetString()).Distinct();
        Assert.Equal(["150621"], other);
    }

    [Fact]
    public async Task An_unknown_compliance_flag_is_refused_naming_the_field()
    {
        var r = await f.Http.GetAsync("/api/households?flag=tall");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var e = (await r.Json()).GetProperty("errors")[0];
        Assert.Equal("flag", e.GetProperty("field").GetString());
        Assert.Equal("enum", e.GetProperty("rule").GetString());
    }

    async Task<JsonElement> List(string url)
    {
        var r = await f.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.Json();
    }

    static string[] Codes(JsonElement page) => [.. page.GetProperty("households").EnumerateArray().Select(h => h.GetProperty("code").GetString()!)];
}
