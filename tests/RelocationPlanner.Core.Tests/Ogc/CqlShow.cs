using System.Globalization;
using RelocationPlanner.Core.Ogc.Cql2;

namespace RelocationPlanner.Core.Tests.Ogc;

/// <summary>A parsed filter as one line (an S-expression), so tests compare trees as text.</summary>
static class CqlShow
{
    public static string Show(CqlExpression e) => e switch
    {
        CqlAnd a => $"(and {string.Join(' ', a.Args.Select(Show))})",
        CqlOr o => $"(or {string.Join(' ', o.Args.Select(Show))})",
        CqlNot n => $"(not {Show(n.Arg)})",
        CqlCompare c => $"({c.Op} {Show(c.Left)} {Show(c.Right)})",
        CqlLike l => $"(like {Show(l.Value)} {Show(l.Pattern)})",
        CqlBetween b => $"(between {Show(b.Value)} {Show(b.Low)} {Show(b.High)})",
        CqlIn i => $"(in {Show(i.Value)} [{string.Join(' ', i.List.Select(Show))}])",
        CqlIsNull n => $"(isnull {Show(n.Value)})",
        CqlSpatial s => $"({s.Op} {Show(s.A)} {Show(s.B)})",
        CqlTemporal t => $"({t.Op} {Show(t.A)} {Show(t.B)})",
        CqlFunction f => $"(fn {f.Name})",
        CqlProperty p => p.Name,
        CqlString s => $"'{s.Value}'",
        CqlNumber n => n.Value.ToString(CultureInfo.InvariantCulture),
        CqlBool b => b.Value ? "true" : "false",
        CqlInstant d => d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        CqlInterval i => $"[{Show(i.Start)} {Show(i.End)}]",
        CqlOpen => "..",
        CqlGeometry g => g.Geometry.AsText(),
        CqlBox b => string.Create(CultureInfo.InvariantCulture, $"BOX({b.LowFirst} {b.LowSecond} {b.HighFirst} {b.HighSecond})"),
        CqlCaseI c => $"(casei {Show(c.Arg)})",
        CqlUnsupported u => $"(unsupported {u.What})",
        _ => throw new InvalidOperationException(e.GetType().Name),
    };
}
