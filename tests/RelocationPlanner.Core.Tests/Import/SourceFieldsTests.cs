using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Import;

namespace RelocationPlanner.Core.Tests.Import;

public class SourceFieldsTests
{
    static (IReadOnlyDictionary<string, string> Mapping, List<RowError> Warnings) Resolve(CollectionSpec c, string[] fields, Dictionary<string, string>? mapping = null, bool dbase = true) =>
        SourceFields.Resolve(c, fields, mapping, dbase, ["lon", "lat"]);

    [Fact]
    public void Dbase_names_cut_to_ten_characters_in_any_case_and_our_export_names_map_back()
    {
        var (mapping, warnings) = Resolve(Collections.Roads, ["CODE", "road_class", "Status", "completed_", "started_on", "lon"]);
        Assert.Equal(new Dictionary<string, string> { ["code"] = "CODE", ["status"] = "Status", ["completed_on"] = "completed_" }, mapping);
        Assert.Equal(["CODE", "Status", "completed_"], warnings.Where(w => w.Rule == "renamed").Select(w => w.Field));
        Assert.DoesNotContain(warnings, w => w.Rule == "dropped");

        (mapping, _) = Resolve(Collections.Sites, ["code", "sep_kind", "capacity"]);
        Assert.Equal("sep_kind", mapping["separate_kind"]);
        Assert.Equal("capacity", mapping["capacity_households"]);
    }

    [Fact]
    public void Only_a_ten_character_name_is_taken_as_cut_and_only_when_one_property_starts_with_it()
    {
        var spec = Collections.Roads with { Properties = [.. Collections.Roads.Properties, new PropertySpec("started_on_site", PropertyKind.Date), new PropertySpec("started_on_road", PropertyKind.Date)] };
        // "started_on" is itself a property; "started_o" is too short to be a cut name; "planned_on" exact.
        var (mapping, warnings) = Resolve(spec, ["started_on", "started_o", "comp", "planned_on"]);
        Assert.Empty(mapping);
        Assert.Equal(["started_o", "comp"], warnings.Where(w => w.Rule == "dropped").Select(w => w.Field));

        spec = spec with { Properties = [.. spec.Properties.Where(p => p.Name != "started_on")] };
        (mapping, warnings) = Resolve(spec, ["started_on"]);
        Assert.Empty(mapping);
        var ambiguous = Assert.Single(warnings);
        Assert.Equal("dropped", ambiguous.Rule);
        Assert.Contains("started_on_site, started_on_road", ambiguous.Message);
    }

    [Fact]
    public void An_explicit_mapping_wins_and_a_second_field_for_the_same_property_is_named_as_dropped()
    {
        var (mapping, warnings) = Resolve(Collections.Wells, ["code", "ID", "completed_", "COMPLETED"], new() { ["code"] = "ID" });
        Assert.Equal("ID", mapping["code"]);
        Assert.Equal("completed_", mapping["completed_on"]);
        Assert.Equal(["code", "COMPLETED"], warnings.Where(w => w.Rule == "dropped").Select(w => w.Field));
    }

    [Fact]
    public void Other_formats_keep_their_names_and_report_fields_no_property_takes()
    {
        var (mapping, warnings) = Resolve(Collections.Wells, ["code", "CODE", "completed_", "lat"], dbase: false);
        Assert.Empty(mapping);
        Assert.Equal(["CODE", "completed_"], warnings.Select(w => w.Field));
        Assert.All(warnings, w => Assert.Equal("dropped", w.Rule));
    }
}
