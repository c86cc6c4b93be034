using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Ogc;
using RelocationPlanner.Core.Ogc.Cql2;
using RelocationPlanner.Data.Ogc;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Ogc;

/// <summary>CQL2 filters as SQL against PostGIS: only placeholders in the text, the GiST index usable, Allen's relations on day spans.</summary>
public class CqlSqlPostgisTests : IAsyncLifetime
{
    NpgsqlDataSource db = null!;

    // Works of four roads (planned, started, completed) and one without dates.
    const string Seed = """
        INSERT INTO roads (code, road_class, status, planned_on, started_on, completed_on, name, geom) VALUES
          ('R1', 'county',  'completed', '2015-01-01', '2015-03-01', '2015-12-31', 'O''Brien Road', 'SRID=4326;LINESTRING(109.0 39.0, 109.2 39.2)'),
          ('R2', 'village', 'completed', '2016-01-01', '2016-02-01', '2016-06-30', 'Dalad 2',      'SRID=4326;LINESTRING(109.5 39.5, 109.6 39.6)'),
          ('R3', 'village', 'under_construction', '2016-03-01', '2016-04-01', NULL, NULL,      'SRID=4326;LINESTRING(110.0 40.0, 110.1 40.1)'),
          ('R4', 'national','planned',   '2017-01-01', NULL, NULL, 'Ordos ring',                 'SRID=4326;LINESTRING(108.0 38.0, 108.5 38.5)'),
          ('R5', 'other',   'completed', NULL, NULL, NULL, 'old track',                          'SRID=4326;LINESTRING(111.0 39.0, 111.1 39.1)')
        """;

    public async Task InitializeAsync()
    {
        db = Database.CreateDataSource(await TestDatabase.CreateAsync("cql"));
        await using var cmd = db.CreateCommand(Seed);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    async Task<List<string>> Codes(ItemsQuery q)
    {
        var codes = new List<string>();
        await foreach (var (_, json) in OgcQueries.ItemsAsync(db, q, OgcCrsList.Crs84, 0, 100, CancellationToken.None))
            codes.Add(System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("properties").GetProperty("code").GetString()!);
        return codes;
    }

    async Task<List<string>> Codes(string filter, OgcCrs? crs = null)
    {
        var q = new ItemsQuery(Collections.Roads);
        q.AddFilter(CqlText.Parse(filter), crs ?? OgcCrsList.Crs84);
        var codes = await Codes(q);
        Assert.Equal(codes.Count, await OgcQueries.CountAsync(db, q, TimeSpan.FromSeconds(5), CancellationToken.None));
        return codes;
    }

    [Fact]
    public async Task Request_values_reach_PostgreSQL_as_parameters_only()
    {
        const string hostile = "x'); DROP TABLE roads; --";
        var q = new ItemsQuery(Collections.Roads);
        q.AddFilter(CqlText.Parse($"name = '{hostile.Replace("'", "''")}' OR name LIKE '%''%' OR code IN ('R1', 'R2')"), OgcCrsList.Crs84);
        Assert.DoesNotContain("DROP", q.Where.Sql);
        Assert.DoesNotContain("'", q.Where.Sql);
        Assert.Matches(@"^ AND \(t\.name = \$1 OR t\.name LIKE \$2 OR t\.code IN \(\$3, \$4\)\)$", q.Where.Sql);
        Assert.Equal(["R1", "R2"], await Codes(q));
        await using var cmd = db.CreateCommand("SELECT count(*) FROM roads");
        Assert.Equal(5L, await cmd.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("T_AFTER(completed_on, DATE('2015-12-31'))", "R2")]
    [InlineData("T_BEFORE(completed_on, DATE('2016-06-30'))", "R1")]
    [InlineData("T_DURING(completed_on, INTERVAL('2016-01-01', '2016-12-31'))", "R2")]
    [InlineData("T_INTERSECTS(INTERVAL(planned_on, completed_on), INTERVAL('2016-06-30', '..'))", "R2")]
    [InlineData("T_INTERSECTS(planned_on, INTERVAL('..', '2016-01-01'))", "R1,R2")]
    [InlineData("T_EQUALS(planned_on, DATE('2017-01-01'))", "R4")]
    [InlineData("T_MEETS(INTERVAL(planned_on, completed_on), DATE('2015-12-31'))", "R1")]
    [InlineData("T_METBY(INTERVAL(planned_on, completed_on), DATE('2016-01-01'))", "R2")]
    [InlineData("T_STARTS(INTERVAL(planned_on, completed_on), INTERVAL('2016-01-01', '2016-12-31'))", "R2")]
    [InlineData("T_FINISHES(INTERVAL(planned_on, completed_on), INTERVAL('2014-01-01', '2015-12-31'))", "R1")]
    [InlineData("T_CONTAINS(INTERVAL(planned_on, completed_on), DATE('2015-06-01'))", "R1")]
    [InlineData("T_OVERLAPS(INTERVAL(planned_on, completed_on), INTERVAL('2015-06-01', '2016-03-01'))", "R1")]
    // 2015-12-31T20:00Z is 2016-01-01 in Beijing: R1's works end before it.
    [InlineData("T_BEFORE(INTERVAL(planned_on, completed_on), TIMESTAMP('2015-12-31T20:00:00Z'))", "R1")]
    [InlineData("T_BEFORE(INTERVAL(planned_on, completed_on), TIMESTAMP('2015-12-31T12:00:00Z'))", "")]
    [InlineData("T_OVERLAPPEDBY(INTERVAL(planned_on, completed_on), INTERVAL('2015-06-01', '2016-03-01'))", "R2")]
    [InlineData("T_DISJOINT(planned_on, INTERVAL('2015-01-01', '2016-12-31'))", "R4")]
    [InlineData("started_on > planned_on AND completed_on IS NULL", "R3")]
    [InlineData("completed_on >= '2016-01-01T'", "R2")]
    public async Task Temporal_functions_are_Allen_relations_on_days(string filter, string codes) =>
        Assert.Equal(codes, string.Join(',', await Codes(filter)));

    [Fact]
    public async Task Geometry_literals_move_to_lon_lat_in_any_filter_crs()
    {
        var lonLat = await Codes("S_INTERSECTS(geometry, BBOX(108.9, 38.9, 109.7, 39.7))");
        Assert.Equal(["R1", "R2"], lonLat);
        Assert.Equal(lonLat, await Codes("S_INTERSECTS(geometry, BBOX(38.9, 108.9, 39.7, 109.7))", OgcCrsList.Wgs84));
        Assert.Equal(["R2"], await Codes("S_WITHIN(geometry, POLYGON((39.4 109.4, 39.4 109.7, 39.7 109.7, 39.7 109.4, 39.4 109.4)))", OgcCrsList.Cgcs2000));
        var gk = OgcCrsList.Find("http://www.opengis.net/def/crs/EPSG/0/4545")!;
        // 2 km around R2's middle in the CM 108E zone, northing first.
        var (e, n) = Core.Geodesy.GaussKruger.ProjectToZone(109.55, 39.55, 4545);
        Assert.Equal(["R2"], await Codes(FormattableString.Invariant($"S_INTERSECTS(geometry, BBOX({n - 2000}, {e - 2000}, {n + 2000}, {e + 2000}))"), gk));
    }

    [Fact]
    public async Task Spatial_conditions_in_every_crs_can_use_the_GiST_index()
    {
        var gk = OgcCrsList.Find("http://www.opengis.net/def/crs/EPSG/0/4545")!;
        var (e, n) = Core.Geodesy.GaussKruger.ProjectToZone(109.5, 39.5, 4545);
        var q = new ItemsQuery(Collections.Roads);
        q.AddBox(gk.BoxToStorage(n - 20_000, e - 20_000, n + 20_000, e + 20_000));
        q.AddFilter(CqlText.Parse("S_INTERSECTS(geometry, BBOX(39.3, 109.3, 39.8, 109.8))"), OgcCrsList.Wgs84);
        await using var conn = await db.OpenConnectionAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", conn)) await off.ExecuteNonQueryAsync();
        await using var cmd = new NpgsqlCommand("EXPLAIN SELECT count(*) FROM roads t WHERE true" + q.Where.Sql, conn);
        q.Where.AddTo(cmd);
        var plan = new List<string>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) plan.Add(r.GetString(0));
        // The column is never transformed: the index on roads.geom serves the condition.
        Assert.Contains(plan, l => l.Contains("roads_geom_idx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_count_that_overruns_its_budget_is_cancelled_and_absent()
    {
        var q = new ItemsQuery(Collections.Roads);
        Assert.Equal(5L, await OgcQueries.CountAsync(db, q, TimeSpan.FromSeconds(5), CancellationToken.None));
        // A condition that takes 50 ms a row (five rows): past a 20 ms budget PostgreSQL cancels it.
        q.Where.Add("pg_sleep(0.05) IS NOT NULL");
        Assert.Null(await OgcQueries.CountAsync(db, q, TimeSpan.FromMilliseconds(20), CancellationToken.None));
        // The timeout was local to the count: the next statement on a pooled connection has none.
        await using var cmd = db.CreateCommand("SHOW statement_timeout");
        Assert.Equal("0", await cmd.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("road_clas = 'x'", 1, "not a queryable of roads")]
    [InlineData("road_class > 5", 14, "expected text, found the number 5")]
    [InlineData("planned_on = 'soon'", 14, "expected a date")]
    [InlineData("S_INTERSECTS(road_class, POINT(1 2))", 14, "holds text, compared here with a geometry")]
    [InlineData("S_INTERSECTS(geometry, POINT(200 95))", 24, "outside the area")]
    [InlineData("S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))", 24, "not valid")]
    [InlineData("geometry = 'x'", 12, "expected a geometry, found the text 'x'")]
    [InlineData("T_AFTER(road_class, DATE('2016-01-01'))", 9, "holds text, compared here with a date")]
    [InlineData("my_fn(name)", 1, "no function named my_fn")]
    [InlineData("ACCENTI(name) = 'x'", 1, "ACCENTI")]
    [InlineData("name LIKE road_class", 11, "pattern of LIKE")]
    public void Misfits_are_refused_where_they_stand(string filter, int character, string says)
    {
        var q = new ItemsQuery(Collections.Roads);
        var e = Assert.Throws<CqlException>(() => q.AddFilter(CqlText.Parse(filter), OgcCrsList.Crs84));
        Assert.Equal(character, e.At.Offset + 1);
        Assert.Contains(says, e.Reason);
    }
}
