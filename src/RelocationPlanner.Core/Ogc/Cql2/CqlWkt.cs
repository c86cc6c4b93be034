using System.Globalization;
using NetTopologySuite.Geometries;
using RelocationPlanner.Core.GeoJson;
using static RelocationPlanner.Core.Ogc.Cql2.CqlText;

namespace RelocationPlanner.Core.Ogc.Cql2;

/// <summary>
/// The WKT geometry literals of CQL2 text (POINT .. GEOMETRYCOLLECTION, an optional Z that is
/// dropped) and BBOX, read from the tokenizer's tokens so that errors keep their character.
/// Coordinates stay as written: the filter CRS decides later what they mean. A literal's size is
/// bounded by the filter's (<see cref="CqlText.MaxLength"/>).
/// </summary>
static class CqlWkt
{
    static readonly GeometryFactory Factory = GeoJsonIO.Factory;

    internal static Geometry Read(List<Token> tokens, ref int i) => Tagged(tokens, ref i, 0);

    static Geometry Tagged(List<Token> tokens, ref int i, int depth)
    {
        var tag = tokens[i++];
        if (depth > 8) throw new CqlException("geometry collections nest deeper than 8 levels.", tag.Pos);
        if (tokens[i].Is("Z")) i++;
        if (tokens[i].Is("EMPTY")) throw new CqlException($"an empty {tag.Text.ToUpperInvariant()} matches nothing; leave the condition out instead.", tokens[i].Pos);
        try
        {
            switch (tag.Text.ToUpperInvariant())
            {
                case "POINT":
                    {
                        Open(tokens, ref i, "POINT");
                        var c = Position(tokens, ref i);
                        Close(tokens, ref i, "POINT");
                        return Factory.CreatePoint(c);
                    }
                case "LINESTRING":
                    return Factory.CreateLineString(Positions(tokens, ref i, "LINESTRING"));
                case "POLYGON":
                    return Polygon(tokens, ref i);
                case "MULTIPOINT":
                    {
                        Open(tokens, ref i, "MULTIPOINT");
                        var points = new List<Point>();
                        do
                        {
                            // Both MULTIPOINT((1 2),(3 4)) and MULTIPOINT(1 2, 3 4) are written in the wild.
                            var wrapped = tokens[i].IsSymbol("(");
                            if (wrapped) i++;
                            points.Add(Factory.CreatePoint(Position(tokens, ref i)));
                            if (wrapped) Close(tokens, ref i, "a point of MULTIPOINT");
                        } while (Comma(tokens, ref i));
                        Close(tokens, ref i, "MULTIPOINT");
                        return Factory.CreateMultiPoint([.. points]);
                    }
                case "MULTILINESTRING":
                    {
                        Open(tokens, ref i, "MULTILINESTRING");
                        var lines = new List<LineString>();
                        do lines.Add(Factory.CreateLineString(Positions(tokens, ref i, "a line of MULTILINESTRING")));
                        while (Comma(tokens, ref i));
                        Close(tokens, ref i, "MULTILINESTRING");
                        return Factory.CreateMultiLineString([.. lines]);
                    }
                case "MULTIPOLYGON":
                    {
                        Open(tokens, ref i, "MULTIPOLYGON");
                        var polygons = new List<Polygon>();
                        do polygons.Add(Polygon(tokens, ref i));
                        while (Comma(tokens, ref i));
                        Close(tokens, ref i, "MULTIPOLYGON");
                        return Factory.CreateMultiPolygon([.. polygons]);
                    }
                default:
                    {
                        Open(tokens, ref i, "GEOMETRYCOLLECTION");
                        var parts = new List<Geometry>();
                        do parts.Add(Tagged(tokens, ref i, depth + 1));
                        while (Comma(tokens, ref i));
                        Close(tokens, ref i, "GEOMETRYCOLLECTION");
                        return Factory.CreateGeometryCollection([.. parts]);
                    }
            }
        }
        catch (ArgumentException e)
        {
            // NTS refuses unclosed rings and lines of one point: say so where the literal starts.
            throw new CqlException($"the {tag.Text.ToUpperInvariant()} is not a valid geometry: {e.Message}", tag.Pos);
        }
    }

    static Polygon Polygon(List<Token> tokens, ref int i)
    {
        Open(tokens, ref i, "POLYGON");
        var rings = new List<LinearRing>();
        do rings.Add(Factory.CreateLinearRing(Positions(tokens, ref i, "a ring")));
        while (Comma(tokens, ref i));
        Close(tokens, ref i, "POLYGON");
        return Factory.CreatePolygon(rings[0], [.. rings.Skip(1)]);
    }

    static Coordinate[] Positions(List<Token> tokens, ref int i, string what)
    {
        Open(tokens, ref i, what);
        var list = new List<Coordinate>();
        do list.Add(Position(tokens, ref i));
        while (Comma(tokens, ref i));
        Close(tokens, ref i, what);
        return [.. list];
    }

    static Coordinate Position(List<Token> tokens, ref int i)
    {
        var x = Coordinate(tokens, ref i);
        var y = Coordinate(tokens, ref i);
        // A third number (height) may follow: storage is 2D, so it is read and dropped.
        if (tokens[i].Kind == Kind.Number || (tokens[i].IsSymbol("-") || tokens[i].IsSymbol("+")) && tokens[i + 1].Kind == Kind.Number)
            Coordinate(tokens, ref i);
        return new Coordinate(x, y);
    }

    /// <summary>One signed number of a coordinate or a BBOX.</summary>
    internal static double Coordinate(List<Token> tokens, ref int i)
    {
        var t = tokens[i];
        var sign = 1.0;
        if (t.IsSymbol("-") || t.IsSymbol("+"))
        {
            sign = t.Text == "-" ? -1 : 1;
            t = tokens[++i];
        }
        if (t.Kind != Kind.Number || !double.TryParse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new CqlException($"expected a coordinate (a number), found {t.Describe()}.", t.Pos);
        i++;
        return sign * v;
    }

    /// <summary>A BBOX of 4 numbers (lower and upper corner) or 6 (with heights, dropped).</summary>
    internal static CqlBox BoxOf(IReadOnlyList<double> v, CqlPos at)
    {
        if (v.Count is not (4 or 6)) throw new CqlException($"BBOX takes 4 numbers (or 6 with heights), not {v.Count}.", at);
        var (a0, b0, a1, b1) = v.Count == 4 ? (v[0], v[1], v[2], v[3]) : (v[0], v[1], v[3], v[4]);
        if (a0 > a1 || b0 > b1) throw new CqlException("a BBOX's lower corner must come first (each lower value <= its upper value).", at);
        return new CqlBox(a0, b0, a1, b1, at);
    }

    static void Open(List<Token> tokens, ref int i, string what)
    {
        if (!tokens[i].IsSymbol("(")) throw new CqlException($"expected '(' to open {what}, found {tokens[i].Describe()}.", tokens[i].Pos);
        i++;
    }

    static void Close(List<Token> tokens, ref int i, string what)
    {
        if (!tokens[i].IsSymbol(")")) throw new CqlException($"expected ')' to close {what}, found {tokens[i].Describe()}.", tokens[i].Pos);
        i++;
    }

    static bool Comma(List<Token> tokens, ref int i)
    {
        if (!tokens[i].IsSymbol(",")) return false;
        i++;
        return true;
    }
}
