using System.Net;

namespace RelocationPlanner.Api.Tests.Auth;

/// <summary>Every role against every write endpoint of every collection: 401 without a token, 403 for the wrong role, 2xx otherwise.</summary>
public class RoleMatrixTests(AuthFixture f) : IClassFixture<AuthFixture>
{
    /// <summary>
    /// The role matrix (the specification, written out; docs/security.md has the same table).
    /// Columns: none, viewer, planner, engineer, relocation_officer, admin. "+" may write, "-" may not.
    /// </summary>
    static readonly string[] Matrix =
    [
        //              none viewer planner engineer officer admin
        "admin_units     -     -      -       -        -      +",
        "towns           -     -      -       -        -      +",
        "settlements     -     -      +       -        -      +",
        "sites           -     -      +       -        -      +",
        "roads           -     -      -       +        -      +",
        "wells           -     -      -       +        -      +",
        "power_lines     -     -      -       +        -      +",
    ];
    static readonly string[] Callers = ["none", "viewer", "planner", "engineer", "relocation_officer", "admin"];
    static readonly string[] Operations = ["create", "replace", "delete", "import"];

    public static TheoryData<string, string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (var row in Matrix)
        {
            var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < Callers.Length; i++)
                foreach (var op in Operations)
                    data.Add(cells[0], Callers[i], op, cells[i + 1] == "+");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Write_is_allowed_only_for_the_collections_editors(string collection, string caller, string op, bool allowed)
    {
        var client = f.Clients[caller];
        var code = AuthFixture.NewCode(collection[..3]);
        long id = 0;
        if (op is "replace" or "delete")
        {
            // The target exists (made by the fixture's admin), so a refusal is about the caller alone.
            var made = await f.Http.SendAsync(AuthFixture.Request(HttpMethod.Post, $"/api/{collection}", AuthFixture.Sample(collection, code)));
            Assert.Equal(HttpStatusCode.Created, made.StatusCode);
            id = (await made.Json()).GetProperty("id").GetInt64();
        }
        var before = await f.CountAsync(collection);
        var request = op switch
        {
            "create" => AuthFixture.Request(HttpMethod.Post, $"/api/{collection}", AuthFixture.Sample(collection, code)),
            "replace" => AuthFixture.Request(HttpMethod.Put, $"/api/{collection}/{id}", AuthFixture.Sample(collection, code), "\"v1\""),
            "delete" => AuthFixture.Request(HttpMethod.Delete, $"/api/{collection}/{id}", null, "\"v1\""),
            _ => AuthFixture.Request(HttpMethod.Post, $"/api/{collection}/import", Geo.Collection(AuthFixture.Sample(collection, code))),
        };
        var r = await client.SendAsync(request);

        if (allowed)
        {
            var expected = op switch { "create" => HttpStatusCode.Created, "delete" => HttpStatusCode.NoContent, _ => HttpStatusCode.OK };
            Assert.Equal(expected, r.StatusCode);
            var delta = op switch { "create" or "import" => 1, "delete" => -1, _ => 0 };
            Assert.Equal(before + delta, await f.CountAsync(collection));
            return;
        }
        Assert.Equal(caller == "none" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Authorization", (await r.Json()).GetProperty("field").GetString());
        if (caller == "none") Assert.Equal("Bearer", r.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(before, await f.CountAsync(collection));
    }

    [Fact]
    public async Task History_records_the_authenticated_user_as_the_author()
    {
        var code = AuthFixture.NewCode("who");
        var r = await f.Clients["engineer"].SendAsync(AuthFixture.Request(HttpMethod.Post, "/api/wells", AuthFixture.Sample("wells", code)));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal(1, await f.CountAsync($"history WHERE entity = 'wells' AND entity_code = '{code}' AND changed_by = '{f.Names["engineer"]}'"));
        Assert.Equal(1, await f.CountAsync($"wells WHERE code = '{code}' AND created_by = '{f.Names["engineer"]}'"));
    }

    [Fact]
    public async Task A_bad_or_revoked_token_is_401_even_on_an_open_read()
    {
        var bad = f.ClientWith("rp_" + new string('A', 43));
        var r = await bad.GetAsync("/ogc/collections");
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Contains("invalid_token", r.Headers.WwwAuthenticate.ToString());

        var name = AuthFixture.NewCode("gone");
        var token = await f.CreateTokenAsync(name, Data.Users.Roles.Planner);
        var client = f.ClientWith(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ogc/collections")).StatusCode);
        await using (var db = Data.Database.CreateDataSource(f.Service.ConnectionString))
            Assert.True(await Data.Users.UserStore.RevokeAsync(db, name, "test", CancellationToken.None));
        var after = await client.SendAsync(AuthFixture.Request(HttpMethod.Post, "/api/sites", AuthFixture.Sample("sites", AuthFixture.NewCode("rv"))));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Open_reads_need_no_token_and_carry_security_headers()
    {
        var r = await f.Clients["none"].GetAsync("/ogc/collections/sites/items?limit=1");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", r.Headers.GetValues("Content-Security-Policy").Single());
        var authed = await f.Clients["viewer"].GetAsync("/ogc/collections/sites/items?limit=1");
        Assert.True(authed.Headers.CacheControl!.NoStore);
    }
}
