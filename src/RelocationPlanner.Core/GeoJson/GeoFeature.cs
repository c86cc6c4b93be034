using NetTopologySuite.Geometries;

namespace RelocationPlanner.Core.GeoJson;

/// <summary>
/// A geometry with ordered, scalar properties (string, long/int, double, bool or null).
/// Property order is kept because the GeoJSON files are read by people as well as code.
/// </summary>
public sealed record GeoFeature(Geometry Geometry, IReadOnlyList<KeyValuePair<string, object?>> Properties)
{
    /// <summary>The value of a property, or null when it is absent.</summary>
    public object? this[string key]
    {
        get
        {
            foreach (var (k, v) in Properties)
            {
                if (k == key)
                {
                    return v;
                }
            }

            return null;
        }
    }

    /// <summary>The property as a string (numbers are formatted invariantly), or null.</summary>
    public string? Text(string key) => this[key] switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        var o => o.ToString(),
    };

    /// <summary>The property as an integer; throws when it is missing or not a number.</summary>
    public long Integer(string key) => this[key] switch
    {
        long l => l,
        int i => i,
        double d when d == Math.Floor(d) => (long)d,
        var o => throw new InvalidOperationException($"Property '{key}' is not an integer: {o ?? "null"}"),
    };
}
