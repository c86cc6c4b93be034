using System.Text.RegularExpressions;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Data.Tests.Foundation;

/// <summary>The one renderer of SQL templates: every placeholder filled, in one pass, from checked names.</summary>
public class SqlTemplateTests
{
    static readonly Regex Placeholder = new(@"\{([a-z_]+)\}");

    /// <summary>The embedded statements written for a collection (those naming <c>{table}</c>).</summary>
    public static TheoryData<string> CollectionTemplates()
    {
        var data = new TheoryData<string>();
        foreach (var name in typeof(SqlResources).Assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).Order())
        {
            var file = string.Join('.', name.Split('.')[^2..]);
            if (SqlResources.Get(file).Contains("{table}", StringComparison.Ordinal)) data.Add(file);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CollectionTemplates))]
    public void Every_collection_template_renders_for_every_collection_with_nothing_left_over(string file)
    {
        var extra = Placeholder.Matches(SqlResources.Get(file)).Select(m => m.Groups[1].Value)
            .Where(n => n is not ("table" or "columns" or "properties")).Distinct().Select(n => (n, $"/*{n}*/")).ToArray();
        foreach (var c in Collections.All)
        {
            var sql = SqlTemplate.Render(file, c, extra);
            Assert.DoesNotMatch(Placeholder, sql);
            Assert.Contains(c.Table, sql);
            // {columns} and {properties} name every property of the catalogue.
            if (Regex.IsMatch(SqlResources.Get(file), @"\{(columns|properties)\}"))
                Assert.All(c.Properties, p => Assert.Matches($@"\b{p.Name}\b", sql));
            foreach (var (name, _) in extra) Assert.Contains($"/*{name}*/", sql);
        }
    }

    [Fact]
    public void A_placeholder_without_a_value_throws_naming_it_and_the_file()
    {
        var e = Assert.Throws<InvalidOperationException>(() => SqlTemplate.Fill("x.sql", "SELECT * FROM {table} WHERE {wehre}", [("table", "wells"), ("where", "true")]));
        Assert.Contains("x.sql", e.Message);
        Assert.Contains("{wehre}", e.Message);
    }

    [Fact]
    public void Values_are_not_read_again_and_a_later_fill_wins()
    {
        // One pass: a value that happens to contain braces stays as it is.
        Assert.Equal("SELECT '{table}' FROM b", SqlTemplate.Fill("x.sql", "SELECT {v} FROM {table}", [("table", "a"), ("v", "'{table}'"), ("table", "b")]));
    }

    [Fact]
    public void A_name_that_is_not_a_plain_identifier_never_reaches_sql()
    {
        var bad = Collections.Wells with { Table = "wells; DROP TABLE users" };
        Assert.Throws<InvalidOperationException>(() => SqlTemplate.Render("count.sql", bad, ("where", "true")));
        var badColumn = Collections.Wells with { Properties = [.. Collections.Wells.Properties, new PropertySpec("x\" text", PropertyKind.Text)] };
        Assert.Throws<InvalidOperationException>(() => SqlTemplate.Render("count.sql", badColumn, ("where", "true")));
    }
}
