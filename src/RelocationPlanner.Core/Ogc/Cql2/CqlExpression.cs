using NetTopologySuite.Geometries;

namespace RelocationPlanner.Core.Ogc.Cql2;

/// <summary>
/// Where a CQL2 node was written: a character offset into CQL2 text (0-based), or a JSON path
/// into CQL2 JSON ("args[1].args[0]").
/// </summary>
public readonly record struct CqlPos(int Offset, string? Path = null)
{
    /// <summary>"character 17" (1-based) or "args[1].args[0]", for messages.</summary>
    public override string ToString() => Path is null ? $"character {Offset + 1}" : Path.Length == 0 ? "the top of the filter" : Path;
}

/// <summary>A filter that does not parse or does not fit the collection's queryables; names where.</summary>
public sealed class CqlException(string message, CqlPos at) : Exception($"{Describe(at)}: {message}")
{
    public CqlPos At { get; } = at;

    /// <summary>The reason without the position.</summary>
    public string Reason { get; } = message;

    static string Describe(CqlPos at) => char.ToUpperInvariant(at.ToString()[0]) + at.ToString()[1..];
}

/// <summary>A node of a parsed CQL2 filter (text and JSON parse to the same tree).</summary>
public abstract record CqlExpression(CqlPos At);

// Boolean expressions
public sealed record CqlAnd(IReadOnlyList<CqlExpression> Args, CqlPos At) : CqlExpression(At);
public sealed record CqlOr(IReadOnlyList<CqlExpression> Args, CqlPos At) : CqlExpression(At);
public sealed record CqlNot(CqlExpression Arg, CqlPos At) : CqlExpression(At);

/// <summary>=, &lt;&gt;, &lt;, &gt;, &lt;=, &gt;=.</summary>
public sealed record CqlCompare(string Op, CqlExpression Left, CqlExpression Right, CqlPos At) : CqlExpression(At);
public sealed record CqlLike(CqlExpression Value, CqlExpression Pattern, CqlPos At) : CqlExpression(At);
public sealed record CqlBetween(CqlExpression Value, CqlExpression Low, CqlExpression High, CqlPos At) : CqlExpression(At);
public sealed record CqlIn(CqlExpression Value, IReadOnlyList<CqlExpression> List, CqlPos At) : CqlExpression(At);
public sealed record CqlIsNull(CqlExpression Value, CqlPos At) : CqlExpression(At);

/// <summary>S_INTERSECTS, S_WITHIN, ...: <see cref="Op"/> in lower case (s_intersects).</summary>
public sealed record CqlSpatial(string Op, CqlExpression A, CqlExpression B, CqlPos At) : CqlExpression(At);

/// <summary>T_AFTER, T_DURING, ...: <see cref="Op"/> in lower case (t_after).</summary>
public sealed record CqlTemporal(string Op, CqlExpression A, CqlExpression B, CqlPos At) : CqlExpression(At);

/// <summary>A call of a function the filter names; none is offered, so it is refused where it stands.</summary>
public sealed record CqlFunction(string Name, IReadOnlyList<CqlExpression> Args, CqlPos At) : CqlExpression(At);

// Operands
public sealed record CqlProperty(string Name, CqlPos At) : CqlExpression(At);
public sealed record CqlString(string Value, CqlPos At) : CqlExpression(At);
public sealed record CqlNumber(decimal Value, CqlPos At) : CqlExpression(At);
public sealed record CqlBool(bool Value, CqlPos At) : CqlExpression(At);

/// <summary>DATE('...') or TIMESTAMP('...'), as the calendar day it falls on (see <see cref="OgcTime"/>).</summary>
public sealed record CqlInstant(DateOnly Day, CqlPos At) : CqlExpression(At);

/// <summary>INTERVAL(start, end): each end an instant, a property, or <see cref="CqlOpen"/>.</summary>
public sealed record CqlInterval(CqlExpression Start, CqlExpression End, CqlPos At) : CqlExpression(At);

/// <summary>'..' in an interval: unbounded.</summary>
public sealed record CqlOpen(CqlPos At) : CqlExpression(At);

/// <summary>A geometry literal (WKT or GeoJSON) with coordinates as written, in the filter's CRS axis order.</summary>
public sealed record CqlGeometry(Geometry Geometry, CqlPos At) : CqlExpression(At);

/// <summary>BBOX(...): lower and upper corner in the filter CRS's axis order (a 6-number box's heights are dropped).</summary>
public sealed record CqlBox(double LowFirst, double LowSecond, double HighFirst, double HighSecond, CqlPos At) : CqlExpression(At);

/// <summary>CASEI(...): compare without regard to case.</summary>
public sealed record CqlCaseI(CqlExpression Arg, CqlPos At) : CqlExpression(At);

/// <summary>
/// A node this service does not evaluate (ACCENTI, arithmetic, arrays): kept so that the
/// refusal names the place in the filter.
/// </summary>
public sealed record CqlUnsupported(string What, CqlPos At) : CqlExpression(At);

/// <summary>The CQL2 operators, in the spellings of the text encoding (upper case) and the JSON encoding (lower/camel case).</summary>
public static class CqlOperators
{
    public static readonly string[] Spatial = ["s_intersects", "s_equals", "s_disjoint", "s_touches", "s_within", "s_overlaps", "s_crosses", "s_contains"];

    public static readonly string[] Temporal =
    [
        "t_after", "t_before", "t_contains", "t_disjoint", "t_during", "t_equals", "t_finishedby", "t_finishes",
        "t_intersects", "t_meets", "t_metby", "t_overlappedby", "t_overlaps", "t_startedby", "t_starts",
    ];

    public static readonly string[] Array = ["a_equals", "a_contains", "a_containedby", "a_overlaps"];

    public static readonly string[] Comparison = ["=", "<>", "<", ">", "<=", ">="];
}
