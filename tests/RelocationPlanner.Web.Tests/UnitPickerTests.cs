using System.Net.Http.Json;
using System.Text.Json;
using RelocationPlanner.Data.Users;

namespace RelocationPlanner.Web.Tests;

/// <summary>
/// The unit picker reads the tree where it is open: opened at a township it shows the way down to
/// it (league, banners, the banner's townships) and no other banner's townships; choosing another
/// banner opens that banner's townships in place.
/// </summary>
[Collection("web")]
public sealed class UnitPickerTests(BrowserFixture fx)
{
    [Fact]
    public async Task The_picker_opens_where_the_unit_is_and_follows_the_choice()
    {
        var units = (await fx.Service.Http.GetFromJsonAsync<JsonElement>("/ogc/collections/admin_units/items?limit=1000"))
            .GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        string Code(JsonElement p) => p.GetProperty("code").GetString()!;
        string? Parent(JsonElement p) => p.GetProperty("parent_code").GetString();
        var counties = units.Where(p => p.GetProperty("level").GetString() == "county").Select(Code).Order().ToList();
        var townships = units.Where(p => p.GetProperty("level").GetString() == "township").ToLookup(Parent!, Code);
        var (first, last) = (counties[0], counties[^1]);
        var township = townships[first].Order().First();

        var page = await fx.OpenMapAsync("zh-CN", $"/#/households?unit={township}");
        await fx.SignInAsync(page, Roles.RelocationOfficer, openEditTab: false);
        var picker = page.Locator("#hh-unit");
        await picker.WaitForAsync();
        Assert.Equal(township, await picker.InputValueAsync());
        async Task<List<string>> Options() => [.. (await picker.Locator("option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)")).Where(v => v != "")];
        var shown = await Options();
        Assert.Superset(counties.ToHashSet(), shown.ToHashSet());
        Assert.Superset(townships[first].ToHashSet(), shown.ToHashSet());
        Assert.Empty(shown.Intersect(townships[last]));
        await BrowserFixture.ShotAsync(page, "unit-picker-zh");

        await picker.SelectOptionAsync(last);
        await page.Locator($"#hh-unit[data-open='{last}']").WaitForAsync();
        shown = await Options();
        Assert.Superset(townships[last].ToHashSet(), shown.ToHashSet());
        Assert.Empty(shown.Intersect(townships[first]));
        Assert.Equal(last, await picker.InputValueAsync());
    }
}
