using System.Globalization;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace RelocationPlanner.Data.Ogc;

/// <summary>
/// The conditions and bound values of one OGC items query. Conditions are SQL text made only of
/// catalogue column names, fixed operators and <c>$n</c> placeholders; every value from a request
/// is a parameter. The same conditions and values serve the page and its count.
/// </summary>
public sealed class SqlWhere
{
    readonly List<(object Value, NpgsqlDbType Type)> _values = [];
    readonly List<string> _conditions = [];

    /// <summary>Binds a value; returns its placeholder ($n).</summary>
    public string Bind(object value, NpgsqlDbType type)
    {
        _values.Add((value, type));
        return "$" + _values.Count.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Binds a storage geometry (SRID 4326); returns the SQL expression of the geometry.</summary>
    public string BindGeometry(Geometry g) => Bind(g, NpgsqlDbType.Geometry);

    public void Add(string condition) => _conditions.Add(condition);

    /// <summary>A copy to bind more values to (a page's own), leaving this one as it is for the count.</summary>
    public SqlWhere Copy()
    {
        var copy = new SqlWhere();
        copy._values.AddRange(_values);
        copy._conditions.AddRange(_conditions);
        return copy;
    }

    /// <summary>" AND cond1 AND cond2 ..." (empty when there is no condition), to follow a WHERE.</summary>
    public string Sql => string.Concat(_conditions.Select(c => " AND " + c));

    public bool IsEmpty => _conditions.Count == 0;

    /// <summary>The conditions and values as one string: two queries with the same key match the same rows.</summary>
    public string Key => Sql + "\u0001" + string.Join("\u0001", _values.Select(v => v.Value switch
    {
        Geometry g => g.AsText(),
        string[] a => string.Join("\u0002", a),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var o => o.ToString(),
    }));

    /// <summary>The bound values as fresh parameters of <paramref name="cmd"/> (in order).</summary>
    public void AddTo(NpgsqlCommand cmd) => AddTo(cmd.Parameters);

    public void AddTo(NpgsqlParameterCollection parameters)
    {
        foreach (var (value, type) in _values) parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
    }
}
