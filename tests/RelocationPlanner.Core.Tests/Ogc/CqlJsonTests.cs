using RelocationPlanner.Core.Ogc.Cql2;
using static RelocationPlanner.Core.Tests.Ogc.CqlShow;

namespace RelocationPlanner.Core.Tests.Ogc;

/// <summary>CQL2 JSON reads to the same tree as the equivalent CQL2 text; errors name the JSON path.</summary>
public class CqlJsonTests
{
    [Theory]
    [InlineData("""{"op":"=","args":[{"property":"road_class"},"county"]}""", "road_class = 'county'")]
    [InlineData("""{"op":"and","args":[{"op":">=","args":[{"property":"population"},1000]},{"op":"isNull","args":[{"property":"name"}]}]}""", "population >= 1000 AND name IS NULL")]
    [InlineData("""{"op":"or","args":[{"op":"not","args":[{"op":"=","args":[{"property":"a"},1]}]},{"op":"<>","args":[{"property":"b"},2]}]}""", "NOT a = 1 OR b <> 2")]
    [InlineData("""{"op":"like","args":[{"op":"casei","args":[{"property":"name"}]},{"op":"casei","args":["ORDOS%"]}]}""", "CASEI(name) LIKE CASEI('ORDOS%')")]
    [InlineData("""{"op":"between","args":[{"property":"population"},10,20]}""", "population BETWEEN 10 AND 20")]
    [InlineData("""{"op":"in","args":[{"property":"status"},["planned","completed"]]}""", "status IN ('planned', 'completed')")]
    [InlineData("""{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[109.5,39.3,110.3,40.0]}]}""", "S_INTERSECTS(geometry, BBOX(109.5, 39.3, 110.3, 40.0))")]
    [InlineData("""{"op":"s_within","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[109,39],[110,39],[110,40],[109,40],[109,39]]]}]}""",
        "S_WITHIN(geometry, POLYGON((109 39, 110 39, 110 40, 109 40, 109 39)))")]
    [InlineData("""{"op":"t_after","args":[{"property":"completed_on"},{"date":"2016-01-01"}]}""", "T_AFTER(completed_on, DATE('2016-01-01'))")]
    [InlineData("""{"op":"t_during","args":[{"interval":[{"property":"started_on"},{"property":"completed_on"}]},{"interval":["2015-01-01",".."]}]}""",
        "T_DURING(INTERVAL(started_on, completed_on), INTERVAL('2015-01-01', '..'))")]
    [InlineData("""{"op":"t_finishedBy","args":[{"property":"completed_on"},{"timestamp":"2016-01-01T00:00:00Z"}]}""", "T_FINISHEDBY(completed_on, TIMESTAMP('2016-01-01T00:00:00Z'))")]
    [InlineData("true", "TRUE")]
    public void Reads_to_the_same_tree_as_the_text_encoding(string json, string text) =>
        Assert.Equal(Show(CqlText.Parse(text)), Show(CqlJson.Parse(json)));

    [Theory]
    [InlineData("""{"op":"=","args":[{"property":"a"}]}""", "args", "takes 2 arguments")]
    [InlineData("""{"op":"and","args":[{"op":"=","args":[{"property":"a"},1]},{"op":"=","args":[{"prop":"b"},2]}]}""", "args[1].args[0]", "not a CQL2 expression")]
    [InlineData("""{"op":"t_after","args":[{"property":"completed_on"},{"date":"2016-13-01"}]}""", "args[1].date", "a date must be")]
    [InlineData("""{"op":"in","args":[{"property":"status"},[]]}""", "args[1]", "non-empty array")]
    [InlineData("""{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[1,2,"3",4]}]}""", "args[1].bbox", "4 or 6 numbers")]
    [InlineData("""{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":"x"}]}""", "args[1]", "not a valid GeoJSON geometry")]
    [InlineData("""{"op":"=","args":[{"property":5},1]}""", "args[0].property", "must be a string")]
    [InlineData("""{"args":[]}""", "", "not a CQL2 expression")]
    [InlineData("""[1,2]""", "", "an array is only allowed")]
    public void Errors_name_the_json_path(string json, string path, string says)
    {
        var e = Assert.Throws<CqlException>(() => CqlJson.Parse(json));
        Assert.Equal(path, e.At.Path);
        Assert.Contains(says, e.Reason);
    }

    [Fact]
    public void Malformed_json_is_a_cql_error_not_a_crash()
    {
        var e = Assert.Throws<CqlException>(() => CqlJson.Parse("""{"op":"=","args":[{"property":"a"},1]"""));
        Assert.Contains("not valid JSON", e.Reason);
    }

    [Fact]
    public void Unknown_operators_become_refused_functions_and_arithmetic_is_unsupported()
    {
        Assert.Equal("(fn st_buffer)", Show(CqlJson.Parse("""{"op":"st_buffer","args":[]}""")));
        Assert.Equal("(> (unsupported arithmetic (\"+\")) 3)", Show(CqlJson.Parse("""{"op":">","args":[{"op":"+","args":[{"property":"a"},1]},3]}""")));
    }
}
