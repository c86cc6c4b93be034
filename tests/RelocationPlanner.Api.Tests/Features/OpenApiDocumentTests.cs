using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RelocationPlanner.Api.Tests.Features;

/// <summary>
/// The running service's /openapi/v1.json walked as a client generator would read it: bodies,
/// success codes and their schemas, problems, the bearer scheme; and a sample of endpoints called
/// for real to see that the status they answer is one the document lists.
/// </summary>
public class OpenApiDocumentTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    /// <summary>Writes that take no body: the session is opened from the bearer token alone.</summary>
    static readonly string[] NoBody = ["POST /api/session"];

    async Task<JsonElement> DocumentAsync()
    {
        var r = await f.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.Json();
    }

    static IEnumerable<(string Key, JsonElement Op)> Operations(JsonElement doc) =>
        from path in doc.GetProperty("paths").EnumerateObject()
        from op in path.Value.EnumerateObject()
        where Methods.Contains(op.Name)
        select (op.Name.ToUpperInvariant() + " " + path.Name, op.Value);

    static bool IsJson(string contentType) => contentType.Contains("json", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public async Task Every_write_declares_its_body_and_every_operation_its_success_with_a_schema()
    {
        var doc = await DocumentAsync();
        var faults = new List<string>();
        var ops = Operations(doc).ToList();
        Assert.True(ops.Count > 70, $"only {ops.Count} operations in the document");
        foreach (var (key, op) in ops)
        {
            var method = key[..key.IndexOf(' ')];
            if (method is "POST" or "PUT" or "PATCH" && !NoBody.Contains(key))
            {
                if (!op.TryGetProperty("requestBody", out var body) || !body.TryGetProperty("content", out var content) || !content.EnumerateObject().Any())
                    faults.Add($"{key}: no request body");
                else
                    foreach (var media in content.EnumerateObject())
                        if (!media.Value.TryGetProperty("schema", out _))
                            faults.Add($"{key}: request body {media.Name} has no schema");
            }

            var responses = op.GetProperty("responses").EnumerateObject().ToList();
            var success = responses.Where(r => r.Name.StartsWith('2')).ToList();
            if (success.Count == 0) faults.Add($"{key}: no success response");
            foreach (var r in responses)
            {
                var media = r.Value.TryGetProperty("content", out var c) ? c.EnumerateObject().ToList() : [];
                // JSON answers name their schema; a bare "200" without content says nothing to a client.
                foreach (var m in media.Where(m => IsJson(m.Name) && !m.Value.TryGetProperty("schema", out _)))
                    faults.Add($"{key}: {r.Name} {m.Name} has no schema");
                if (r.Name is "200" or "201" or "202" && media.Count == 0)
                    faults.Add($"{key}: {r.Name} without content");
                // Refusals the handler gives are problem+json (401/403 come from the auth layer and say so in words).
                if (r.Name.StartsWith('4') && r.Name is not ("401" or "403") && !media.Any(m => m.Name == "application/problem+json"))
                    faults.Add($"{key}: {r.Name} is not a problem+json");
            }
        }
        Assert.True(faults.Count == 0, string.Join("\n", faults));

        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Bodies_name_their_fields_as_the_wire_does()
    {
        var doc = await DocumentAsync();
        var op = doc.GetProperty("paths").GetProperty("/api/households/{code}/milestones").GetProperty("post");
        var schema = Resolve(doc, op.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(["date", "milestone"], schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());

        var created = Resolve(doc, doc.GetProperty("paths").GetProperty("/api/households").GetProperty("post")
            .GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(["household", "warnings"], created.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());

        // CSV and upload bodies are described by their content type.
        Assert.True(doc.GetProperty("paths").GetProperty("/api/households/import").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").TryGetProperty("text/csv", out _));
        var import = doc.GetProperty("paths").EnumerateObject().Single(p => p.Name.StartsWith("/api/{collection", StringComparison.Ordinal) && p.Name.EndsWith("/import", StringComparison.Ordinal));
        var forms = import.Value.GetProperty("post").GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(m => m.Name).ToList();
        Assert.Contains("multipart/form-data", forms);
        Assert.Contains("application/geo+json", forms);
    }

    static JsonElement Resolve(JsonElement doc, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var r)
            ? doc.GetProperty("components").GetProperty("schemas").GetProperty(r.GetString()!.Split('/')[^1])
            : schema;

    [Fact]
    public async Task Endpoints_answer_with_a_status_the_document_lists()
    {
        await f.SeedUnitsAsync();
        var doc = await DocumentAsync();
        var calls = new (string Method, string Template, string Url, HttpContent? Body, HttpStatusCode Expected)[]
        {
            ("GET", "/health", "/health", null, HttpStatusCode.OK),
            ("POST", "/api/households", "/api/households", Json(new { code = "OA1", head_name = "Bao", members = 1, unit_code = "150621", settlement_type = "separate_self_built", registered_on = "2017-01-05" }), HttpStatusCode.Created),
            ("POST", "/api/households", "/api/households", new StringContent("{}", Encoding.UTF8, "text/plain"), HttpStatusCode.UnsupportedMediaType),
            ("POST", "/api/households", "/api/households", Json(new { code = "OA1", head_name = "Bao", members = 1, unit_code = "150621", settlement_type = "separate_self_built", registered_on = "2017-01-05" }), HttpStatusCode.Conflict),
            ("POST", "/api/households/{code}/milestones", "/api/households/OA1/milestones", Json(new { milestone = "keys_claimed", date = "2017-03-01" }), HttpStatusCode.Created),
            ("POST", "/api/households/{code}/milestones", "/api/households/NOPE/milestones", Json(new { milestone = "keys_claimed", date = "2017-03-01" }), HttpStatusCode.NotFound),
            ("GET", "/api/households/{code}", "/api/households/NOPE", null, HttpStatusCode.NotFound),
            ("GET", "/api/households", "/api/households?limit=0", null, HttpStatusCode.BadRequest),
            ("POST", "/api/scoring/runs", "/api/scoring/runs", Json(new { profile = "default" }), HttpStatusCode.Accepted),
            ("GET", "/api/jobs/{id}", $"/api/jobs/{Guid.NewGuid()}", null, HttpStatusCode.NotFound),
            ("POST", "/api/scoring/exclusion_zones", "/api/scoring/exclusion_zones", Json(Geo.Feature(Geo.Square(108.1, 38.6, 0.01), new() { ["code"] = "oa-zone", ["name"] = "Zone", ["kind"] = "hazard" })), HttpStatusCode.Created),
            ("DELETE", "/api/session", "/api/session", null, HttpStatusCode.NoContent),
            ("GET", "/api/me", "/api/me", null, HttpStatusCode.OK),
        };
        var faults = new List<string>();
        foreach (var (method, template, url, body, expected) in calls)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = body };
            var answered = (await f.Http.SendAsync(request)).StatusCode;
            var listed = doc.GetProperty("paths").GetProperty(template).GetProperty(method.ToLowerInvariant()).GetProperty("responses")
                .EnumerateObject().Select(r => r.Name).ToList();
            if (answered != expected) faults.Add($"{method} {url}: answered {(int)answered}, expected {(int)expected}");
            if (!listed.Contains(((int)answered).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                faults.Add($"{method} {url}: answered {(int)answered}, the document lists {string.Join(", ", listed)}");
        }
        Assert.True(faults.Count == 0, string.Join("\n", faults));

        // A feature written through /api: 201 then 204, as listed.
        var created = await f.PostGeoJson("/api/admin_units", Geo.Feature(Geo.Square(109.0, 39.0, 0.1), new() { ["code"] = "150699", ["name"] = "试验旗", ["level"] = "county", ["parent_code"] = "1506" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var collectionPath = doc.GetProperty("paths").EnumerateObject().Single(p => p.Name.StartsWith("/api/{collection", StringComparison.Ordinal) && p.Name.Count(ch => ch == '/') == 2);
        Assert.True(collectionPath.Value.GetProperty("post").GetProperty("responses").TryGetProperty("201", out _));
        var id = (await created.Json()).GetProperty("id").GetInt64();
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/admin_units/{id}");
        Assert.Equal(HttpStatusCode.NoContent, (await f.Http.SendAsync(delete)).StatusCode);
    }

    static StringContent Json(object body) =>
        new(body is JsonNode n ? n.ToJsonString() : JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
