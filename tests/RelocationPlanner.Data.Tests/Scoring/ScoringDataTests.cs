using Npgsql;
using RelocationPlanner.Data.Scoring;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Scoring;

/// <summary>The scoring cache's reads: layers with their data versions, and the seeded default profile.</summary>
public class ScoringDataTests
{
    [Fact]
    public async Task Layers_are_read_with_the_versions_of_the_same_snapshot()
    {
        await using var db = Database.CreateDataSource(await TestDatabase.CreateAsync("scoring"));
        var empty = await ScoringData.LoadAsync(db, ["roads"], default);
        Assert.Empty(empty.Layers["roads"].Ids);
        Assert.Equal(0, empty.Versions["roads"]);

        await using (var conn = await db.OpenConnectionAsync())
        await using (var tx = await Database.BeginAsUserAsync(conn, "tester", default))
        {
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO roads (code, road_class, status, geom) VALUES
                  ('R1', 'county', 'completed', 'SRID=4326;LINESTRING(108 38, 108.1 38.1)'),
                  ('R2', 'village', 'planned', 'SRID=4326;LINESTRING(108.2 38, 108.3 38.1)')
                """, conn, tx);
            await cmd.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        var loaded = await ScoringData.LoadAsync(db, ["roads", "towns"], default);
        var roads = loaded.Layers["roads"];
        Assert.Equal(["R1", "R2"], roads.Codes.Order());
        Assert.Equal(1, loaded.Versions["roads"]); // one statement, one bump
        Assert.Equal(loaded.Versions["roads"], await DataVersions.ReadAsync(db, "roads", default));
        Assert.Contains("village", roads.Attribute);
        Assert.All(roads.Geometries, g => Assert.Equal("LineString", g.GeometryType));
    }

    [Fact]
    public async Task The_default_profile_is_seeded_and_saving_makes_a_new_version()
    {
        await using var db = Database.CreateDataSource(await TestDatabase.CreateAsync("scoring"));
        var d = await ScoringStore.ProfileAsync(db, "default", null, default);
        Assert.NotNull(d);
        Assert.Equal(1, d!.Version);
        var (v, _) = await ScoringStore.SaveProfileAsync(db, "default", d.BodyJson, "tester", default);
        Assert.Equal(2, v);
        var latest = await ScoringStore.ProfileAsync(db, "default", null, default);
        Assert.Equal(2, latest!.Version);
        Assert.Contains("\"version\": 2", latest.BodyJson);
    }
}
