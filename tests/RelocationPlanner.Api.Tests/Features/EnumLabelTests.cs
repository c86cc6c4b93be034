using System.Text.RegularExpressions;
using RelocationPlanner.Api.Map;
using RelocationPlanner.Core.Features;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Features;

/// <summary>
/// Enumerated values are written once, in the catalogue (Core/Features/Collections.cs; the database
/// CHECKs are held to it in Data.Tests). What labels them must follow it: the map's styles and legend
/// (Api/Map/MapDefinition.cs) and the web client's words (src/RelocationPlanner.Web/src/i18n.ts).
/// </summary>
public class EnumLabelTests
{
    [Fact]
    public void Every_map_style_case_names_a_catalogue_value_and_every_value_has_a_case()
    {
        var checkedFacets = 0;
        foreach (var layer in PlannerMap.Build(null).Layers)
        {
            var collection = Collections.Find(layer.Source.Collection);
            Assert.NotNull(collection);
            foreach (var facet in layer.Style.Facets)
            {
                var property = collection.Property(facet.Property);
                // A derived figure (a site's score) is styled by ranges, never by named values.
                if (property is null)
                    Assert.All(facet.Cases, c => Assert.True(c.Value is null, $"{layer.Id}: '{c.Value}' names a value of '{facet.Property}', which {collection.Id} does not have"));
                if (property?.Allowed is null) continue;
                var values = facet.Cases.Select(c => c.Value).ToList();
                Assert.All(values, v => Assert.True(v is not null && property.Allowed.Contains(v), $"{layer.Id}.{facet.Property}: '{v}' is not a catalogue value"));
                Assert.All(property.Allowed, v => Assert.True(values.Contains(v), $"{layer.Id}.{facet.Property}: no style (nor legend entry) for '{v}'"));
                checkedFacets++;
            }
        }
        Assert.True(checkedFacets >= 5, $"only {checkedFacets} enum facets checked");
    }

    [Fact]
    public void The_web_client_words_an_enum_completely_or_not_at_all()
    {
        var source = File.ReadAllText(Path.Combine(TestDatabase.RepoRoot, "src", "RelocationPlanner.Web", "src", "i18n.ts"));
        var zh = Keys(source, "const zh = {", "} as const;");
        var en = Keys(source, "const en: Record<MsgKey, string> = {", "};");
        var worded = 0;
        foreach (var property in Collections.All.SelectMany(c => c.Properties).Where(p => p.Allowed is not null).DistinctBy(p => p.Name))
        {
            var present = property.Allowed!.Where(zh.Contains).ToList();
            // Values shared with ordinary words (city, county, other...) do not make a property worded.
            if (present.Count <= 1 && property.Allowed!.Length > 2) continue;
            if (present.Count == 0) continue;
            Assert.All(property.Allowed!, v => Assert.True(zh.Contains(v) && en.Contains(v), $"{property.Name}: i18n.ts words {string.Join(", ", present)} but not '{v}'"));
            worded++;
        }
        Assert.True(worded >= 2, $"only {worded} enums worded by the client");
    }

    static HashSet<string> Keys(string source, string start, string end)
    {
        var from = source.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"i18n.ts has no '{start}'");
        var body = source[(from + start.Length)..source.IndexOf(end, from, StringComparison.Ordinal)];
        return [.. Regex.Matches(body, @"^\s*([a-z_0-9]+):", RegexOptions.Multiline).Select(m => m.Groups[1].Value)];
    }
}
