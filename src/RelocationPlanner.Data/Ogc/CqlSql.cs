using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;
using NpgsqlTypes;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Ogc;
using RelocationPlanner.Core.Ogc.Cql2;

namespace RelocationPlanner.Data.Ogc;

/// <summary>
/// A parsed CQL2 filter as a parameterised SQL condition over one collection's queryables.
/// Property names resolve through <see cref="Queryables"/> (anything else is refused), literals
/// are bound as typed parameters, geometry literals are moved into storage lon/lat in C# (the
/// column is never transformed, so GiST indexes serve S_INTERSECTS and friends), and every
/// refusal names the place in the filter (<see cref="CqlException"/>).
/// </summary>
public static class CqlSql
{
    enum T { Text, Number, Date, Bool, Geometry }

    /// <summary>An operand as SQL with its type.</summary>
    readonly record struct Operand(string Sql, T Type);

    /// <summary>Adds the filter's condition to <paramref name="where"/>.</summary>
    public static void AddTo(SqlWhere where, CqlExpression filter, CollectionSpec c, OgcCrs filterCrs) =>
        where.Add(new Translator(where, c, filterCrs).Bool(filter));

    /// <summary>
    /// A queryable given as a query parameter (?status=completed, Part 3 "queryables as query
    /// parameters"): equality with the value read as the queryable's type. False when the value
    /// is not of that type (a number, a date) or the queryable is the geometry.
    /// </summary>
    public static bool AddEquals(SqlWhere where, QueryableProperty q, string value)
    {
        string? bound = TypeOf(q) switch
        {
            T.Text => where.Bind(value, NpgsqlDbType.Text),
            T.Number when decimal.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => where.Bind(d, NpgsqlDbType.Numeric),
            T.Date when OgcTime.Day(value) is { } day => where.Bind(day, NpgsqlDbType.Date),
            _ => null,
        };
        if (bound is null) return false;
        where.Add($"t.{q.Column} = {bound}");
        return true;
    }

    static T TypeOf(QueryableProperty q) => q.Type switch
    {
        QueryableType.Integer or QueryableType.Number => T.Number,
        QueryableType.Date => T.Date,
        QueryableType.Geometry => T.Geometry,
        _ => T.Text,
    };

    static string Name(T t) => t switch
    {
        T.Text => "text",
        T.Number => "a number",
        T.Date => "a date",
        T.Bool => "a boolean",
        _ => "a geometry",
    };

    sealed class Translator(SqlWhere w, CollectionSpec c, OgcCrs crs)
    {
        public string Bool(CqlExpression e) => e switch
        {
            CqlAnd a => "(" + string.Join(" AND ", a.Args.Select(Bool)) + ")",
            CqlOr o => "(" + string.Join(" OR ", o.Args.Select(Bool)) + ")",
            CqlNot n => $"NOT ({Bool(n.Arg)})",
            CqlBool b => b.Value ? "TRUE" : "FALSE",
            CqlCompare cmp => Compare(cmp),
            CqlLike like => Like(like),
            CqlBetween between => Between(between),
            CqlIn @in => In(@in),
            CqlIsNull isNull => $"{Value(isNull.Value, null).Sql} IS NULL",
            CqlSpatial s => Spatial(s),
            CqlTemporal t => Temporal(t),
            CqlProperty p => throw new CqlException($"the property {p.Name} is not a condition by itself; compare it with a value.", p.At),
            _ => throw Refuse(e),
        };

        static Exception Refuse(CqlExpression e) => e switch
        {
            CqlUnsupported u => new CqlException($"{u.What} is not supported by this service (see /ogc/conformance).", u.At),
            CqlFunction f => new CqlException($"no function named {f.Name} is offered (GET /ogc/functions lists none).", f.At),
            _ => new CqlException("a value stands where a condition is expected.", e.At),
        };

        static bool IsLiteral(CqlExpression e) => e is CqlString or CqlNumber or CqlBool or CqlInstant;

        /// <summary>Two operands typed alike: the side that names a property decides how the other side's literal is read.</summary>
        (Operand A, Operand B) Pair(CqlExpression a, CqlExpression b)
        {
            if (IsLiteral(a) && !IsLiteral(b))
            {
                var ob = Value(b, null);
                return (Value(a, ob.Type), ob);
            }
            var oa = Value(a, null);
            return (oa, Value(b, oa.Type));
        }

        string Compare(CqlCompare e)
        {
            var (a, b) = Pair(e.Left, e.Right);
            if (a.Type == T.Geometry) throw new CqlException("geometries are compared with S_EQUALS, S_INTERSECTS, ..., not with " + e.Op + ".", e.At);
            if (a.Type == T.Bool && e.Op is not ("=" or "<>")) throw new CqlException("booleans are only compared with = and <>.", e.At);
            return $"{a.Sql} {e.Op} {b.Sql}";
        }

        string Like(CqlLike e)
        {
            var value = Value(e.Value, T.Text);
            if (value.Type != T.Text) throw new CqlException("LIKE compares text.", e.Value.At);
            var caseless = e.Value is CqlCaseI || e.Pattern is CqlCaseI;
            var patternNode = e.Pattern is CqlCaseI ci ? ci.Arg : e.Pattern;
            if (patternNode is not CqlString) throw new CqlException("the pattern of LIKE must be a quoted text ('Ordos%').", e.Pattern.At);
            var pattern = Value(e.Pattern, T.Text).Sql;
            // CASEI already lowers its own side; lower() both so that one CASEI makes the match caseless.
            return caseless ? $"lower({value.Sql}) LIKE lower({pattern})" : $"{value.Sql} LIKE {pattern}";
        }

        string Between(CqlBetween e)
        {
            var v = Value(e.Value, null);
            if (v.Type is not (T.Number or T.Date or T.Text)) throw new CqlException($"BETWEEN compares numbers, dates or text, not {Name(v.Type)}.", e.Value.At);
            return $"{v.Sql} BETWEEN {Value(e.Low, v.Type).Sql} AND {Value(e.High, v.Type).Sql}";
        }

        string In(CqlIn e)
        {
            var v = Value(e.Value, null);
            if (v.Type is T.Geometry) throw new CqlException("IN compares values, not geometries.", e.Value.At);
            return $"{v.Sql} IN ({string.Join(", ", e.List.Select(x => Value(x, v.Type).Sql))})";
        }

        /// <summary>An operand as SQL. <paramref name="expected"/> is the type the other side of the comparison has.</summary>
        Operand Value(CqlExpression e, T? expected)
        {
            switch (e)
            {
                case CqlProperty p:
                    {
                        var q = Queryables.Find(c, p.Name) ?? throw new CqlException(
                            $"{p.Name} is not a queryable of {c.Id}; the queryables are {string.Join(", ", Queryables.Of(c).Select(x => x.Name))} (GET /ogc/collections/{c.Id}/queryables).", p.At);
                        var t = TypeOf(q);
                        if (expected is { } x && x != t) throw new CqlException($"{p.Name} holds {Name(t)}, compared here with {Name(x)}.", p.At);
                        return new Operand("t." + q.Column, t);
                    }
                case CqlCaseI ci:
                    {
                        var inner = Value(ci.Arg, T.Text);
                        if (inner.Type != T.Text) throw new CqlException("CASEI applies to text.", ci.At);
                        return new Operand($"lower({inner.Sql})", T.Text);
                    }
                case CqlString or CqlNumber or CqlBool or CqlInstant:
                    {
                        var t = expected ?? e switch { CqlNumber => T.Number, CqlBool => T.Bool, CqlInstant => T.Date, _ => T.Text };
                        return new Operand(Literal(e, t), t);
                    }
                case CqlGeometry or CqlBox:
                    return new Operand(Geometry(e), T.Geometry);
                case CqlInterval or CqlOpen:
                    throw new CqlException("an interval is only an argument of T_ functions (T_INTERSECTS, T_DURING, ...).", e.At);
                default:
                    throw Refuse(e);
            }
        }

        /// <summary>A literal bound as a parameter of type <paramref name="t"/>; a text that names a date is read as one when a date is wanted.</summary>
        string Literal(CqlExpression e, T t)
        {
            switch (t, e)
            {
                case (T.Text, CqlString s): return w.Bind(s.Value, NpgsqlDbType.Text);
                case (T.Number, CqlNumber n): return w.Bind(n.Value, NpgsqlDbType.Numeric);
                case (T.Date, CqlInstant i): return w.Bind(i.Day, NpgsqlDbType.Date);
                case (T.Date, CqlString s) when OgcTime.Day(s.Value) is { } day: return w.Bind(day, NpgsqlDbType.Date);
                case (T.Bool, CqlBool b): return w.Bind(b.Value, NpgsqlDbType.Boolean);
            }
            var found = e switch
            {
                CqlString s => $"the text '{s.Value}'",
                CqlNumber n => $"the number {n.Value}",
                CqlBool b => b.Value ? "TRUE" : "FALSE",
                _ => "a date",
            };
            throw new CqlException($"expected {Name(t)}, found {found}.", e.At);
        }

        string Geometry(CqlExpression e)
        {
            Geometry g = e switch
            {
                CqlBox b => crs.BoxToStorage(b.LowFirst, b.LowSecond, b.HighFirst, b.HighSecond),
                CqlGeometry lit => crs.ToStorage(lit.Geometry),
                _ => throw new InvalidOperationException(),
            };
            if (g.Coordinates.Any(p => !double.IsFinite(p.X) || !double.IsFinite(p.Y) || Math.Abs(p.X) > 180 || Math.Abs(p.Y) > 90))
                throw new CqlException($"the geometry lies outside the area of {crs.Uri} (or its axes are swapped: this CRS is {(crs.NorthFirst ? "north" : "east")} first).", e.At);
            if (new IsValidOp(g).ValidationError is { } fault)
                throw new CqlException($"the geometry is not valid: {fault.Message} near ({fault.Coordinate.X}, {fault.Coordinate.Y}).", e.At);
            return w.BindGeometry(g);
        }

        string Spatial(CqlSpatial e)
        {
            string Arg(CqlExpression x)
            {
                var o = Value(x, T.Geometry);
                if (o.Type != T.Geometry) throw new CqlException($"{e.Op.ToUpperInvariant()} takes geometries (the property {Queryables.GeometryName} or a literal).", x.At);
                return o.Sql;
            }
            var fn = e.Op switch
            {
                "s_intersects" => "ST_Intersects",
                "s_equals" => "ST_Equals",
                "s_disjoint" => "ST_Disjoint",
                "s_touches" => "ST_Touches",
                "s_within" => "ST_Within",
                "s_overlaps" => "ST_Overlaps",
                "s_crosses" => "ST_Crosses",
                _ => "ST_Contains",
            };
            return $"{fn}({Arg(e.A)}, {Arg(e.B)})";
        }

        /// <summary>A temporal operand as its first and last day (an instant's are the same; '..' is unbounded).</summary>
        (string Start, string End) Span(CqlExpression e, string op)
        {
            switch (e)
            {
                case CqlInterval i:
                    return (End(i.Start, DateOnly.MinValue), End(i.End, DateOnly.MaxValue));
                case CqlOpen:
                    throw new CqlException("'..' is only an end of an INTERVAL.", e.At);
                default:
                    {
                        var o = Value(e, T.Date);
                        if (o.Type != T.Date) throw new CqlException($"{op.ToUpperInvariant()} takes dates, intervals or date properties.", e.At);
                        return (o.Sql, o.Sql);
                    }
            }
            string End(CqlExpression x, DateOnly open) => x is CqlOpen ? w.Bind(open, NpgsqlDbType.Date) : Value(x, T.Date).Sql;
        }

        string Temporal(CqlTemporal e)
        {
            var (a0, a1) = Span(e.A, e.Op);
            var (b0, b1) = Span(e.B, e.Op);
            // Allen's interval relations over closed day spans (CQL2 temporal functions).
            return "(" + (e.Op switch
            {
                "t_after" => $"{a0} > {b1}",
                "t_before" => $"{a1} < {b0}",
                "t_contains" => $"{a0} < {b0} AND {a1} > {b1}",
                "t_disjoint" => $"({a1} < {b0} OR {a0} > {b1})",
                "t_during" => $"{a0} > {b0} AND {a1} < {b1}",
                "t_equals" => $"{a0} = {b0} AND {a1} = {b1}",
                "t_finishedby" => $"{a0} < {b0} AND {a1} = {b1}",
                "t_finishes" => $"{a0} > {b0} AND {a1} = {b1}",
                "t_intersects" => $"{a0} <= {b1} AND {a1} >= {b0}",
                "t_meets" => $"{a1} = {b0}",
                "t_metby" => $"{a0} = {b1}",
                "t_overlappedby" => $"{a0} > {b0} AND {a0} < {b1} AND {a1} > {b1}",
                "t_overlaps" => $"{a0} < {b0} AND {a1} > {b0} AND {a1} < {b1}",
                "t_startedby" => $"{a0} = {b0} AND {a1} > {b1}",
                _ => $"{a0} = {b0} AND {a1} < {b1}",
            }) + ")";
        }
    }
}
