using System.Net;
using System.Text;

namespace RelocationPlanner.Api.Tests.Auth;

/// <summary>
/// The registry, subsidy, scoring and job endpoints against every caller. A refused caller gets
/// 401/403 naming Authorization and changes nothing; an allowed caller gets past authorization to
/// the endpoint's own validation (an empty body is then a 400 about the body, not about who asks).
/// </summary>
public class CapabilityRoleTests(AuthFixture f) : IClassFixture<AuthFixture>
{
    //                        endpoint                                        allowed roles (admin always)
    static readonly (string Method, string Path, string Table, string[] Allowed)[] Endpoints =
    [
        ("POST", "/api/households", "households", ["relocation_officer"]),
        ("POST", "/api/households/import", "households", ["relocation_officer"]),
        ("POST", "/api/households/H-none/milestones", "milestones", ["relocation_officer"]),
        ("POST", "/api/disbursements", "disbursements", ["relocation_officer"]),
        ("POST", "/api/subsidy-policies", "subsidy_policies", []),
        ("POST", "/api/scoring/profiles", "scoring_profiles", ["planner"]),
        ("POST", "/api/scoring/exclusion_zones", "exclusion_zones", ["planner"]),
        ("GET", "/api/households", "households", ["relocation_officer"]),
        ("GET", "/api/households/H-none", "households", ["relocation_officer"]),
        ("GET", "/api/households/H-none/entitlement", "households", ["relocation_officer"]),
        ("GET", $"/api/jobs/{Guid.Empty}", "jobs", ["viewer", "planner", "engineer", "relocation_officer"]),
        ("POST", "/api/field/packages", "field_packages", ["relocation_officer"]),
        ("POST", "/api/field/changes", "field_changes", ["relocation_officer"]),
        ("POST", "/api/field/conflicts/1/accept", "field_conflicts", ["relocation_officer"]),
        ("POST", "/api/inspections", "inspections", []),
        ("GET", "/api/households/H-none/conflicts", "field_conflicts", ["relocation_officer"]),
        ("GET", "/api/evidence/1", "evidence", ["relocation_officer"]),
        ("GET", "/api/evidence.geojson", "evidence", ["relocation_officer"]),
        ("GET", "/api/inspections/1/report", "inspections", ["relocation_officer"]),
    ];

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        for (var i = 0; i < Endpoints.Length; i++)
            foreach (var caller in new[] { "none", "viewer", "planner", "engineer", "relocation_officer", "admin" })
                data.Add(i, caller);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Only_the_allowed_roles_get_past_authorization(int endpoint, string caller)
    {
        var (method, path, table, allowed) = Endpoints[endpoint];
        var before = await f.CountAsync(table);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = new StringContent("{}", Encoding.UTF8, path.EndsWith("/import", StringComparison.Ordinal) ? "text/csv" : "application/json");
        var r = await f.Clients[caller].SendAsync(request);

        if (caller == "admin" || allowed.Contains(caller))
        {
            Assert.True(r.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{caller} {method} {path}: {r.StatusCode}");
            Assert.True((int)r.StatusCode is 200 or 400 or 404 or 422, $"{caller} {method} {path}: {r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            if ((int)r.StatusCode >= 400 && (await r.Json()).TryGetProperty("field", out var field)) Assert.NotEqual("Authorization", field.GetString());
        }
        else
        {
            Assert.Equal(caller == "none" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Equal("Authorization", (await r.Json()).GetProperty("field").GetString());
        }
        Assert.Equal(before, await f.CountAsync(table));
    }

    [Fact]
    public async Task Aggregate_reports_stay_public()
    {
        foreach (var path in new[] { "/api/reports/settled-rates?level=county", "/api/reports/subsidies?level=county", "/api/reports/infrastructure?level=county" })
            Assert.Equal(HttpStatusCode.OK, (await f.Clients["none"].GetAsync(path)).StatusCode);
    }
}
