using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Api.Tests.Security;

/// <summary>
/// Hostile bodies and query values against the real service: each is refused with the expected
/// status and problem+json naming the field, nothing is stored (row counts and history unchanged),
/// and the service answers /health afterwards.
/// </summary>
public class HostileInputTests(ServiceFixture f) : IClassFixture<ServiceFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if (await f.CountAsync("admin_units") == 0) await f.SeedUnitsAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Tables whose row counts must not move when a request is refused.</summary>
    static readonly string[] Watched = ["wells", "sites", "roads", "households", "persons", "milestones", "disbursements", "subsidy_policies", "exclusion_zones", "employment", "reported_statistics"];

    const string Well = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[108.2,38.6]},\"properties\":{\"code\":\"W-h\",\"well_type\":\"other\",\"status\":\"planned\",\"name\":NAME}}";

    static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    static string Pay(string amount, string paidOn = "2017-08-01") =>
        $"{{\"household_code\":\"DAL0001\",\"component\":\"house\",\"amount\":{amount},\"paid_on\":\"{paidOn}\"}}";

    static string Policy(string amount) =>
        "{\"code\":\"p-h\",\"region_code\":\"1506\",\"valid_from\":\"2016-01-01\",\"basis\":\"per_person\",\"components\":[{\"name\":\"house\",\"amount\":" + amount + ",\"funding_source\":\"municipal\"}]}";

    static string Household(string dates) =>
        "{\"code\":\"H-h\",\"head_name\":\"王\",\"members\":1,\"unit_code\":\"150621\",\"settlement_type\":\"separate_self_built\"," + dates + "}";

    const string Csv = "household_code,head_name,members,county_code,origin_settlement_code,site_code,settlement_type,registered_on,keys_claimed_on,moved_in_on\n";

    /// <summary>The first bytes of a PNG: a photo sent as text/csv, its bytes not UTF-8 from the first.</summary>
    static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00];

    public static TheoryData<string, string, string, string, byte[], int, string, string> Cases() => new()
    {
        // name, method, path, content type, body, status, field, rule
        { "invalid UTF-8 in a JSON body", "POST", "/api/wells", "application/geo+json", Concat(U(Well.Replace("NAME", "\"ab")), [0xC3, 0x28], U("\"}}")), 400, "properties.name", Rules.Text },
        { "NUL in a JSON string", "POST", "/api/wells", "application/geo+json", U(Well.Replace("NAME", "\"a\\u0000b\"")), 400, "properties.name", Rules.Text },
        { "lone surrogate in a JSON string", "POST", "/api/wells", "application/geo+json", U(Well.Replace("NAME", "\"a\\ud800b\"")), 400, "properties.name", Rules.Text },
        { "duplicate key", "POST", "/api/wells", "application/geo+json", U(Well.Replace("NAME", "null").Replace("\"properties\":{", "\"properties\":{\"code\":\"W-dup\",")), 400, "properties.code", Rules.Duplicate },
        { "NUL in a member name", "POST", "/api/wells", "application/geo+json", U(Well.Replace("\"name\":NAME", "\"na\\u0000me\":1")), 400, "properties", Rules.Text },
        { "crs other than WGS 84 on POST", "POST", "/api/wells", "application/geo+json", U(Well.Replace("NAME", "null").Replace("{\"type\":\"Feature\",", "{\"type\":\"Feature\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4547\"}},")), 400, "crs", Rules.UnknownCrs },
        { "a JSON body sent as text/plain", "POST", "/api/scoring/evaluate", "text/plain", U("{\"features\":{\"type\":\"FeatureCollection\",\"features\":[]}}"), 415, "$", Rules.Request },
        { "non-object member of features (import)", "POST", "/api/wells/import", "application/geo+json", U("{\"type\":\"FeatureCollection\",\"features\":[42]}"), 400, "features[0]", Rules.FeatureRequired },
        { "non-object member of features (evaluate)", "POST", "/api/scoring/evaluate", "application/json", U("{\"features\":{\"type\":\"FeatureCollection\",\"features\":[42]}}"), 400, "features.features[0]", Rules.FeatureRequired },
        { "NUL in an imported feature", "POST", "/api/wells/import", "application/geo+json", U("{\"type\":\"FeatureCollection\",\"features\":[" + Well.Replace("NAME", "\"a\\u0000\"") + "]}"), 400, "features[0].properties.name", Rules.Text },
        { "crs other than WGS 84 on import", "POST", "/api/wells/import", "application/geo+json", U("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:3857\"}},\"features\":[" + Well.Replace("NAME", "null") + "]}"), 422, "file", Rules.UnknownCrs },
        { "money as 1e2 (string)", "POST", "/api/disbursements", "application/json", U(Pay("\"1e2\"")), 400, "amount", Rules.Decimal },
        { "money as 1e2 (number)", "POST", "/api/disbursements", "application/json", U(Pay("1e2")), 400, "amount", Rules.Decimal },
        { "money with spaces", "POST", "/api/disbursements", "application/json", U(Pay("\" 100.00 \"")), 400, "amount", Rules.Decimal },
        { "money with a plus sign", "POST", "/api/disbursements", "application/json", U(Pay("\"+5.00\"")), 400, "amount", Rules.Decimal },
        { "money with three decimals", "POST", "/api/disbursements", "application/json", U(Pay("100.001")), 400, "amount", Rules.Decimal },
        { "money with a thousands separator", "POST", "/api/disbursements", "application/json", U(Pay("\"1,000.00\"")), 400, "amount", Rules.Decimal },
        { "money in Arabic-Indic digits", "POST", "/api/disbursements", "application/json", U(Pay("\"١٠٠\"")), 400, "amount", Rules.Decimal },
        { "policy amount 1e2", "POST", "/api/subsidy-policies", "application/json", U(Policy("\"1e2\"")), 400, "components[0].amount", Rules.Decimal },
        { "payment dated 2999", "POST", "/api/disbursements", "application/json", U(Pay("\"100.00\"", "2999-01-01")), 400, "paid_on", Rules.NotInFuture },
        { "keys before registration, no move-in date", "POST", "/api/households", "application/json", U(Household("\"registered_on\":\"2016-05-01\",\"keys_claimed_on\":\"2016-01-01\"")), 400, "keys_claimed_on", Rules.DatesInOrder },
        { "move-in before registration, no keys date", "POST", "/api/households", "application/json", U(Household("\"registered_on\":\"2016-05-01\",\"moved_in_on\":\"2016-01-01\"")), 400, "moved_in_on", Rules.DatesInOrder },
        { "road completed before planned, no start date", "POST", "/api/roads", "application/geo+json", U("{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[108.1,38.6],[108.2,38.7]]},\"properties\":{\"code\":\"R-h\",\"road_class\":\"county\",\"status\":\"completed\",\"planned_on\":\"2016-05-01\",\"completed_on\":\"2016-01-01\"}}"), 400, "properties.completed_on", Rules.DatesInOrder },
        { "households CSV with a NUL", "POST", "/api/households/import", "text/csv", U(Csv + "H-c1,王\u0000五,1,150621,,,separate,2016-05-01,,\n"), 400, "head_name", Rules.Text },
        { "households CSV with invalid UTF-8", "POST", "/api/households/import", "text/csv", Concat(U(Csv + "H-c2,王"), [0xFF, 0xFE], U(",1,150621,,,separate,2016-05-01,,\n")), 400, "head_name", Rules.Text },
        { "a photo sent as a households CSV", "POST", "/api/households/import", "text/csv", Png, 400, "$", Rules.Text },
        { "a photo sent as an employment CSV", "POST", "/api/employment/import", "text/csv", Png, 400, "$", Rules.Text },
        { "a photo sent as a statistics CSV", "POST", "/api/statistics/import", "text/csv", Png, 400, "$", Rules.Text },
        { "a photo sent as a payment list", "POST", "/api/disbursements/import", "text/csv", Png, 400, "$", Rules.Text },
        { "employment CSV with invalid UTF-8", "POST", "/api/employment/import", "text/csv", Concat(U("household_code,member,kind,employer,started_on,ended_on\nDAL0001,1,wage,"), [0xC3, 0x28], U(",2017-01-01,\n")), 400, "employer", Rules.Text },
        { "statistics CSV with invalid UTF-8", "POST", "/api/statistics/import", "text/csv", Concat(U("unit_code,year,indicator,value,unit,source\n150621,2017,households_relocated,10,户,"), [0xE9], U("\n")), 400, "source", Rules.Text },
        { "payment list with invalid UTF-8", "POST", "/api/disbursements/import", "text/csv", Concat(U("household_code,component,amount,paid_on\nDAL0001,"), [0xFF], U(",100.00,2017-08-01\n")), 400, "component", Rules.Text },
        { "NaN in a number query parameter", "GET", "/api/scoring/runs/1/sensitivity?step=NaN", "", [], 400, "step", Rules.Number },
        { "Infinity in a number query parameter", "GET", "/api/scoring/runs/1/sensitivity?step=Infinity", "", [], 400, "step", Rules.Number },
        { "NaN service distance", "GET", "/api/sites/1/infrastructure?service_m=NaN", "", [], 400, "service_m", Rules.Range },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_input_is_refused_naming_the_field_and_changes_nothing(string name, string method, string path, string contentType, byte[] body, int status, string field, string rule)
    {
        var before = await CountsAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }
        var r = await f.Http.SendAsync(request);
        var text = await r.Content.ReadAsStringAsync();
        Assert.True((int)r.StatusCode == status, $"{name}: {(int)r.StatusCode} {text}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = await r.Json();
        Assert.True(field == problem.GetProperty("field").GetString(), $"{name}: {text}");
        Assert.True(rule == problem.GetProperty("errors")[0].GetProperty("rule").GetString(), $"{name}: {text}");
        Assert.Equal(before, await CountsAsync());
        Assert.Equal(HttpStatusCode.OK, (await f.Http.GetAsync("/health")).StatusCode);
    }

    async Task<string> CountsAsync()
    {
        var counts = new List<string>();
        foreach (var t in Watched) counts.Add($"{t}={await f.CountAsync(t)}");
        // A token's last use is stamped at most once a minute (an api_tokens history row): bookkeeping
        // of the caller, not a change the refused request made.
        counts.Add($"history={await f.CountAsync("history WHERE entity <> 'api_tokens'")}");
        return string.Join(", ", counts);
    }

    /// <summary>A closed ring of exactly <paramref name="vertices"/> positions (the first repeated last) round a centre.</summary>
    static JsonObject Circle(int vertices, double lon = 108.4, double lat = 38.9, double r = 0.01)
    {
        var ring = new JsonArray();
        for (var i = 0; i < vertices - 1; i++)
        {
            var a = 2 * Math.PI * i / (vertices - 1);
            ring.Add(new JsonArray(Math.Round(lon + r * Math.Cos(a), 9), Math.Round(lat + r * Math.Sin(a), 9)));
        }
        ring.Add(ring[0]!.DeepClone());
        return new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) };
    }

    static JsonObject Site(string code, JsonObject geometry) =>
        Geo.Feature(geometry, new() { ["code"] = code, ["name"] = "x", ["site_type"] = "centralized", ["capacity_households"] = 10 });

    [Fact]
    public async Task The_vertex_limit_takes_exactly_the_limit_and_refuses_one_more()
    {
        var limit = Collections.Sites.MaxVertices;
        var before = await f.CountAsync("sites");
        var over = await f.PostGeoJson("/api/sites", Site("S-vmax1", Circle(limit + 1)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        var problem = await over.Json();
        Assert.Equal("geometry", problem.GetProperty("field").GetString());
        Assert.Equal(Rules.TooManyVertices, problem.GetProperty("errors")[0].GetProperty("rule").GetString());
        Assert.Equal(before, await f.CountAsync("sites"));

        var at = await f.PostGeoJson("/api/sites", Site("S-vmax0", Circle(limit)));
        Assert.True(at.StatusCode == HttpStatusCode.Created, await at.Content.ReadAsStringAsync());
        Assert.Equal(before + 1, await f.CountAsync("sites"));
    }

    [Fact]
    public async Task An_import_and_an_evaluation_over_the_vertex_limit_are_refused_naming_the_feature()
    {
        var before = await f.CountAsync("sites");
        var import = await f.PostGeoJson("/api/sites/import?background=false",
            Geo.Collection(Site("S-vi0", Geo.Square(108.3, 38.8, 0.01)), Site("S-vi1", Circle(Collections.Sites.MaxVertices + 1))));
        Assert.True(import.StatusCode == HttpStatusCode.UnprocessableEntity, await import.Content.ReadAsStringAsync());
        Assert.Equal("features[1].geometry", (await import.Json()).GetProperty("field").GetString());
        Assert.Equal(before, await f.CountAsync("sites"));

        var body = new JsonObject { ["features"] = Geo.Collection(Geo.Feature(Circle(Limits.EvaluateVertices + 1), new() { ["code"] = "C1" })) };
        var evaluate = await f.Http.PostAsync("/api/scoring/evaluate", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(evaluate.StatusCode == HttpStatusCode.UnprocessableEntity, await evaluate.Content.ReadAsStringAsync());
        var problem = await evaluate.Json();
        Assert.Equal("features.features[0].geometry", problem.GetProperty("field").GetString());
        Assert.Equal(Rules.TooManyVertices, problem.GetProperty("errors")[0].GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.OK, (await f.Http.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Z_values_are_dropped_with_a_warning_and_stored_2d()
    {
        var well = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[108.21,38.61,1250.5]},\"properties\":{\"code\":\"W-z\",\"well_type\":\"other\",\"status\":\"planned\"}}";
        var r = await f.Http.PostAsync("/api/wells", new StringContent(well, Encoding.UTF8, "application/geo+json"));
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var warning = (await r.Json()).GetProperty("warnings")[0];
        Assert.Equal(Rules.ZDropped, warning.GetProperty("rule").GetString());
        Assert.Equal("geometry.coordinates", warning.GetProperty("field").GetString());
        Assert.Equal(1, await f.CountAsync("wells WHERE code = 'W-z' AND ST_NDims(geom) = 2 AND ST_X(geom) = 108.21"));
    }
}
