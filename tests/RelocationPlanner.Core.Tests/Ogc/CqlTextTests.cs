using RelocationPlanner.Core.Ogc.Cql2;
using static RelocationPlanner.Core.Tests.Ogc.CqlShow;

namespace RelocationPlanner.Core.Tests.Ogc;

/// <summary>CQL2 text (OGC 21-065) as the parser reads it: one tree per filter, errors at their character.</summary>
public class CqlTextTests
{
    [Theory]
    // Basic CQL2: comparisons, boolean operators and their precedence (NOT > AND > OR), IS NULL
    [InlineData("road_class = 'county'", "(= road_class 'county')")]
    [InlineData("population <> 5", "(<> population 5)")]
    [InlineData("population>=1000", "(>= population 1000)")]
    [InlineData("voltage_kv < -2.5e1", "(< voltage_kv -25)")]
    [InlineData("a = 1 AND b = 2 OR c = 3", "(or (and (= a 1) (= b 2)) (= c 3))")]
    [InlineData("a = 1 and (b = 2 or c = 3)", "(and (= a 1) (or (= b 2) (= c 3)))")]
    [InlineData("NOT a = 1 AND b = 2", "(and (not (= a 1)) (= b 2))")]
    [InlineData("NOT (a = 1 AND b = 2)", "(not (and (= a 1) (= b 2)))")]
    [InlineData("name IS NULL", "(isnull name)")]
    [InlineData("name IS NOT NULL", "(not (isnull name))")]
    [InlineData("\"road_class\" = 'it''s'", "(= road_class 'it's')")]
    [InlineData("name = 'it\\'s'", "(= name 'it's')")]
    [InlineData("TRUE", "true")]
    [InlineData("name = '东胜区'", "(= name '东胜区')")]
    [InlineData("completed_on > DATE('2017-06-01')", "(> completed_on 2017-06-01)")]
    [InlineData("completed_on > TIMESTAMP('2017-05-31T20:00:00Z')", "(> completed_on 2017-06-01)")]
    // Advanced comparison operators and case-insensitive comparison
    [InlineData("name LIKE 'Ordos%'", "(like name 'Ordos%')")]
    [InlineData("name NOT LIKE '%x_'", "(not (like name '%x_'))")]
    [InlineData("CASEI(name) LIKE CASEI('ORDOS%')", "(like (casei name) (casei 'ORDOS%'))")]
    [InlineData("name ILIKE 'a%'", "(like (casei name) (casei 'a%'))")]
    [InlineData("population BETWEEN 10 AND 20", "(between population 10 20)")]
    [InlineData("population NOT BETWEEN 10 AND 20", "(not (between population 10 20))")]
    [InlineData("status IN ('planned', 'completed')", "(in status ['planned' 'completed'])")]
    [InlineData("status NOT IN ('planned')", "(not (in status ['planned']))")]
    // Spatial functions with WKT and BBOX literals
    [InlineData("S_INTERSECTS(geometry, BBOX(109.5, 39.3, 110.3, 40.0))", "(s_intersects geometry BOX(109.5 39.3 110.3 40))")]
    [InlineData("S_INTERSECTS(geometry, BBOX(109.5, 39.3, 0, 110.3, 40.0, 100))", "(s_intersects geometry BOX(109.5 39.3 110.3 40))")]
    [InlineData("s_within(geometry, POLYGON((109 39, 110 39, 110 40, 109 40, 109 39)))", "(s_within geometry POLYGON ((109 39, 110 39, 110 40, 109 40, 109 39)))")]
    [InlineData("S_CONTAINS(geometry, POINT(109.9 39.7))", "(s_contains geometry POINT (109.9 39.7))")]
    [InlineData("S_CROSSES(geometry, LINESTRING(109 39, 110 40))", "(s_crosses geometry LINESTRING (109 39, 110 40))")]
    [InlineData("S_DISJOINT(geometry, POINT Z(109.9 39.7 1000))", "(s_disjoint geometry POINT (109.9 39.7))")]
    [InlineData("S_EQUALS(geometry, MULTIPOINT((1 2), (3 4)))", "(s_equals geometry MULTIPOINT ((1 2), (3 4)))")]
    [InlineData("S_EQUALS(geometry, MULTIPOINT(1 2, 3 4))", "(s_equals geometry MULTIPOINT ((1 2), (3 4)))")]
    [InlineData("S_TOUCHES(geometry, MULTILINESTRING((1 2, 3 4), (5 6, 7 8)))", "(s_touches geometry MULTILINESTRING ((1 2, 3 4), (5 6, 7 8)))")]
    [InlineData("S_OVERLAPS(geometry, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0))))", "(s_overlaps geometry MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0))))")]
    [InlineData("S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1)))", "(s_intersects geometry GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1)))")]
    // Temporal functions: instants, intervals with open ends, properties as interval ends
    [InlineData("T_AFTER(completed_on, DATE('2016-01-01'))", "(t_after completed_on 2016-01-01)")]
    [InlineData("T_DURING(INTERVAL(started_on, completed_on), INTERVAL('2015-01-01', '..'))", "(t_during [started_on completed_on] [2015-01-01 ..])")]
    [InlineData("t_intersects(planned_on, INTERVAL('2015-01-01T00:00:00Z', '2015-12-31'))", "(t_intersects planned_on [2015-01-01 2015-12-31])")]
    // Refused later, where they stand: functions, arithmetic, arrays, ACCENTI
    [InlineData("my_fn(name) = 3", "(= (fn my_fn) 3)")]
    [InlineData("population + 1 > 3", "(> (unsupported arithmetic ('+')) 3)")]
    [InlineData("A_CONTAINS(tags, ('a'))", "(unsupported the array function A_CONTAINS)")]
    [InlineData("ACCENTI(name) = 'a'", "(= (unsupported ACCENTI (accent-insensitive comparison)) 'a')")]
    public void Parses_to_the_expected_tree(string filter, string tree) =>
        Assert.Equal(tree, Show(CqlText.Parse(filter)));

    [Theory]
    [InlineData("road_class = ", 14, "found end of filter")]
    [InlineData("(population * 2) > 3", 13, "arithmetic ('*') is not supported")]
    [InlineData("road_class == 'x'", 13, "value or a property")]
    [InlineData("road_class 'x'", 12, "expected a comparison")]
    [InlineData("(a = 1", 7, "close the parenthesis")]
    [InlineData("a = 1)", 6, "unexpected ')'")]
    [InlineData("name = 'open", 8, "not closed")]
    [InlineData("a = 1 AND", 10, "ends where")]
    [InlineData("a BETWEEN 1 OR 2", 13, "expected AND")]
    [InlineData("a IS NOT 1", 10, "expected NULL")]
    [InlineData("a NOT = 1", 7, "after NOT")]
    [InlineData("S_INTERSECTS(geometry BBOX(1,2,3,4))", 23, "expected ','")]
    [InlineData("S_INTERSECTS(geometry, BBOX(1,2,3))", 24, "4 numbers")]
    [InlineData("S_INTERSECTS(geometry, BBOX(3,2,1,4))", 24, "lower corner")]
    [InlineData("S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1)))", 24, "not a valid geometry")]
    [InlineData("S_INTERSECTS(geometry, POINT(1 x))", 32, "expected a coordinate")]
    [InlineData("S_INTERSECTS(geometry, POINT EMPTY)", 30, "empty")]
    [InlineData("completed_on > DATE('2017-02-30')", 21, "not a valid date")]
    [InlineData("completed_on > DATE(2017)", 21, "takes a quoted date")]
    [InlineData("a = 1 ; DROP TABLE roads", 7, "no meaning")]
    [InlineData("a = 99999999999999999999999999999999", 5, "out of range")]
    public void Errors_name_the_character_at_fault(string filter, int character, string says)
    {
        var e = Assert.Throws<CqlException>(() => CqlText.Parse(filter));
        Assert.Equal(character, e.At.Offset + 1);
        Assert.Contains(says, e.Reason);
        Assert.StartsWith($"Character {character}: ", e.Message);
    }

    [Fact]
    public void A_filter_longer_than_the_limit_is_refused_before_parsing()
    {
        var e = Assert.Throws<CqlException>(() => CqlText.Parse("a = '" + new string('x', CqlText.MaxLength) + "'"));
        Assert.Contains("longer than", e.Reason);
    }

    [Theory]
    [InlineData("", "(", ")", "a = 1", "")]
    [InlineData("", "NOT ", "", "a = 1", "")]
    [InlineData("", "CASEI(", ")", "a", " = 'x'")]
    [InlineData("S_INTERSECTS(geometry, ", "GEOMETRYCOLLECTION(", ")", "POINT(1 2)", ")")]
    public void Deep_nesting_is_refused_not_a_stack_overflow(string before, string open, string close, string core, string after)
    {
        var text = before + string.Concat(Enumerable.Repeat(open, 100)) + core + string.Concat(Enumerable.Repeat(close, 100)) + after;
        Assert.Contains("nest", Assert.Throws<CqlException>(() => CqlText.Parse(text)).Reason);
        // Ordinary nesting parses.
        Assert.Equal("(not (not (= a 1)))", Show(CqlText.Parse("((((NOT (NOT a = 1)))))")));
    }

    [Fact]
    public void Keywords_are_case_insensitive_and_whitespace_is_free()
    {
        Assert.Equal(Show(CqlText.Parse("a = 1 AND b IS NULL")), Show(CqlText.Parse("a=1\n\tand b is null")));
        Assert.Equal(Show(CqlText.Parse("S_INTERSECTS(geometry,BBOX(1,2,3,4))")), Show(CqlText.Parse("s_intersects ( geometry , bbox ( 1 , 2 , 3 , 4 ) )")));
    }
}
