using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace RelocationPlanner.Api.Tests.Auth;

public class AuditTests(AuthFixture f) : IClassFixture<AuthFixture>
{
    async Task<(long Id, string Code)> PlannerEditsASite()
    {
        var code = AuthFixture.NewCode("aud");
        var planner = f.Clients["planner"];
        var made = await planner.SendAsync(AuthFixture.Request(HttpMethod.Post, "/api/sites", AuthFixture.Sample("sites", code)));
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var id = (await made.Json()).GetProperty("id").GetInt64();
        var renamed = AuthFixture.Sample("sites", code);
        renamed["properties"]!["name"] = "改名安置点";
        renamed["properties"]!["capacity_households"] = 35;
        var put = await planner.SendAsync(AuthFixture.Request(HttpMethod.Put, $"/api/sites/{id}", renamed, "\"v1\""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return (id, code);
    }

    [Fact]
    public async Task An_edit_is_in_the_audit_trail_with_who_old_and_new()
    {
        var (id, code) = await PlannerEditsASite();
        var r = await f.Clients["planner"].GetAsync($"/api/audit?entity=sites&id={id}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var items = (await r.Json()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var update = items[0];
        Assert.Equal("update", update.GetProperty("op").GetString());
        Assert.Equal(code, update.GetProperty("entity_code").GetString());
        Assert.Equal(f.Names["planner"], update.GetProperty("changed_by").GetString());
        Assert.Equal("新村安置点", update.GetProperty("old_values").GetProperty("name").GetString());
        Assert.Equal("改名安置点", update.GetProperty("new_values").GetProperty("name").GetString());
        Assert.Equal(28, update.GetProperty("old_values").GetProperty("capacity_households").GetInt32());
        Assert.Equal(35, update.GetProperty("new_values").GetProperty("capacity_households").GetInt32());
        Assert.Equal(2, update.GetProperty("new_values").GetProperty("version").GetInt32());
        Assert.Equal("insert", items[1].GetProperty("op").GetString());
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("old_values").ValueKind);

        // The admin sees it too, filtered by user; "since" in the future finds nothing.
        var byUser = await (await f.Http.GetAsync($"/api/audit?user={f.Names["planner"]}&limit=1000")).Json();
        Assert.Contains(byUser.GetProperty("items").EnumerateArray(), e => e.GetProperty("entity_id").GetInt64() == id);
        var future = await (await f.Http.GetAsync("/api/audit?since=2999-01-01T00:00:00Z")).Json();
        Assert.Equal(0, future.GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("none", "entity=sites", HttpStatusCode.Unauthorized)]
    [InlineData("viewer", "entity=sites", HttpStatusCode.Forbidden)]
    [InlineData("engineer", "entity=sites", HttpStatusCode.Forbidden)]
    [InlineData("relocation_officer", "entity=sites", HttpStatusCode.Forbidden)]
    [InlineData("planner", "entity=sites", HttpStatusCode.OK)]
    [InlineData("planner", "", HttpStatusCode.Forbidden)]
    [InlineData("planner", "entity=users", HttpStatusCode.Forbidden)]
    [InlineData("engineer", "entity=roads", HttpStatusCode.OK)]
    [InlineData("relocation_officer", "entity=households", HttpStatusCode.OK)]
    [InlineData("admin", "", HttpStatusCode.OK)]
    [InlineData("admin", "entity=users", HttpStatusCode.OK)]
    public async Task The_audit_trail_is_for_admins_and_the_entitys_editors(string caller, string query, HttpStatusCode expected)
    {
        var r = await f.Clients[caller].GetAsync("/api/audit?" + query);
        Assert.Equal(expected, r.StatusCode);
        if (expected != HttpStatusCode.OK) Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task User_changes_are_audited_without_token_hashes()
    {
        var r = await f.Http.GetAsync($"/api/audit?entity=users&limit=1000");
        var rows = (await r.Json()).GetProperty("items").EnumerateArray().ToList();
        var planner = rows.Single(e => e.GetProperty("entity_code").GetString() == f.Names["planner"]);
        Assert.Equal("insert", planner.GetProperty("op").GetString());
        Assert.Equal("planner", planner.GetProperty("new_values").GetProperty("role").GetString());
        var tokens = await (await f.Http.GetAsync($"/api/audit?entity=api_tokens&limit=1000")).Json();
        Assert.NotEmpty(tokens.GetProperty("items").EnumerateArray());
        Assert.All(tokens.GetProperty("items").EnumerateArray(), e => Assert.False(e.GetProperty("new_values").TryGetProperty("token_hash", out _)));
    }

    [Fact]
    public async Task A_bulk_import_is_one_audit_entry_that_still_answers_for_each_row()
    {
        // 1,200 wells in one import: more than the 1,000 rows a statement may insert with a history row each.
        var prefix = AuthFixture.NewCode("bulk");
        var features = new JsonArray();
        for (var i = 0; i < 1200; i++)
        {
            var w = AuthFixture.Sample("wells", $"{prefix}-{i:D4}");
            w["properties"]!["name"] = $"井 {i}";
            features.Add(w);
        }
        var import = await f.Clients["engineer"].SendAsync(AuthFixture.Request(HttpMethod.Post, "/api/wells/import?background=false",
            new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }));
        Assert.Equal(1200, (await import.Json()).GetProperty("imported").GetInt32());

        var byUser = (await (await f.Http.GetAsync($"/api/audit?user={f.Names["engineer"]}&entity=wells&limit=1000")).Json())
            .GetProperty("items").EnumerateArray().ToList();
        var batch = byUser.Single(e => e.GetProperty("row_count").GetInt64() == 1200);
        Assert.Equal("insert", batch.GetProperty("op").GetString());
        Assert.Equal(JsonValueKind.Null, batch.GetProperty("entity_id").ValueKind);
        Assert.StartsWith("{[", batch.GetProperty("entity_ids").GetString());

        // Asked about one imported row, the trail answers with that row's insert and its values.
        long id;
        await using (var conn = new NpgsqlConnection(f.Service.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT id FROM wells WHERE code = $1", conn) { Parameters = { new() { Value = $"{prefix}-0007" } } };
            id = (long)(await cmd.ExecuteScalarAsync())!;
        }
        var items = (await (await f.Clients["engineer"].GetAsync($"/api/audit?entity=wells&id={id}")).Json()).GetProperty("items").EnumerateArray().ToList();
        var insert = Assert.Single(items);
        Assert.Equal("insert", insert.GetProperty("op").GetString());
        Assert.Equal(id, insert.GetProperty("entity_id").GetInt64());
        Assert.Equal(1, insert.GetProperty("row_count").GetInt64());
        Assert.Equal(f.Names["engineer"], insert.GetProperty("changed_by").GetString());
        Assert.Equal("井 7", insert.GetProperty("new_values").GetProperty("name").GetString());
        Assert.Equal($"{prefix}-0007", insert.GetProperty("new_values").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("entity=Sites;DROP", "entity")]
    [InlineData("id=abc", "id")]
    [InlineData("entity=sites&id=-1", "id")]
    [InlineData("id=5", "entity")]
    [InlineData("user=a%27%20OR%201%3D1--", "user")]
    [InlineData("since=yesterday", "since")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=1&limit=2", "limit")]
    public async Task Bad_audit_parameters_are_400_naming_the_field(string query, string field)
    {
        var r = await f.Http.GetAsync("/api/audit?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(field, (await r.Json()).GetProperty("field").GetString());
    }
}
