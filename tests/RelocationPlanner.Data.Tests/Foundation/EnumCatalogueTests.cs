using System.Text.RegularExpressions;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Foundation;

/// <summary>
/// Each enumerated property's values live in the catalogue (Core/Features/Collections.cs); the
/// database's CHECK constraints must allow exactly those, or a value the API accepts fails on
/// insert (or one the database allows is refused by the API).
/// </summary>
public class EnumCatalogueTests
{
    [Fact]
    public async Task Every_catalogue_enum_is_exactly_what_the_database_check_allows()
    {
        var cs = await TestDatabase.CreateAsync("enums");
        await using var db = Database.CreateDataSource(cs);
        await using var conn = await db.OpenConnectionAsync();
        var checks = new List<(string Table, string Definition)>();
        await using (var cmd = new NpgsqlCommand("SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c'", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) checks.Add((r.GetString(0), r.GetString(1)));

        var compared = 0;
        foreach (var c in Collections.All)
            foreach (var p in c.Properties.Where(p => p.Allowed is not null))
            {
                // PostgreSQL writes `col IN (...)` back as `(col = ANY (ARRAY['a'::text, ...]))`.
                var lists = checks.Where(k => k.Table == c.Table)
                    .Select(k => Regex.Match(k.Definition, $@"\(?\b{p.Name}\)? = ANY \(\(?ARRAY\[([^\]]*)\]"))
                    .Where(m => m.Success)
                    .Select(m => Regex.Matches(m.Groups[1].Value, "'([^']*)'").Select(v => v.Groups[1].Value).Order().ToArray())
                    .ToList();
                var list = Assert.Single(lists);
                Assert.True(p.Allowed!.Order().SequenceEqual(list),
                    $"{c.Table}.{p.Name}: catalogue [{string.Join(", ", p.Allowed!)}] but the CHECK allows [{string.Join(", ", list)}]");
                compared++;
            }
        Assert.True(compared >= 10, $"only {compared} enums compared");
    }
}
