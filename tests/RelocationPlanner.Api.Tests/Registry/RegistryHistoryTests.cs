using System.Net;
using System.Text;

namespace RelocationPlanner.Api.Tests.Registry;

/// <summary>
/// A registry import larger than rp.history_batch_rows (1,000) is recorded as one history row
/// for its households and one for its milestones; the audit trail still answers per household.
/// </summary>
public class RegistryHistoryTests(RegistryFixture f) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task A_bulk_registry_import_is_two_history_rows_and_each_household_is_still_audited()
    {
        var csv = new StringBuilder(RegistryFixture.CsvHeader + "\n");
        for (var i = 1; i <= 1500; i++)
            csv.Append($"BULK{i:D5},Head {i},{i % 5 + 1},150622,,,separate_self_built,2016-03-01,{(i % 2 == 0 ? "2016-10-15" : "")},\n");
        var r = await f.PostCsv(csv.ToString());
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(1500, (await r.Json()).GetProperty("imported").GetInt32());

        Assert.Equal("households:1500|milestones:2250", await f.ScalarAsync("""
            SELECT string_agg(entity || ':' || row_count, '|' ORDER BY entity) FROM history
            WHERE entity IN ('households', 'milestones') AND entity_ids IS NOT NULL
            """));
        Assert.Equal(0L, await f.ScalarAsync("SELECT count(*) FROM history WHERE entity IN ('households', 'milestones') AND entity_id IS NOT NULL"));

        var id = (long)(await f.ScalarAsync("SELECT id FROM households WHERE code = 'BULK00042'"))!;
        var items = (await (await f.Http.GetAsync($"/api/audit?entity=households&id={id}")).Json()).GetProperty("items").EnumerateArray().ToList();
        var insert = Assert.Single(items);
        Assert.Equal("insert", insert.GetProperty("op").GetString());
        Assert.Equal(id, insert.GetProperty("entity_id").GetInt64());
        Assert.Equal("Head 42", insert.GetProperty("new_values").GetProperty("head_name").GetString());
        Assert.Equal(3, insert.GetProperty("new_values").GetProperty("members").GetInt32());
    }
}
