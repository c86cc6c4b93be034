using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Spatial;

namespace RelocationPlanner.Data.Export;

/// <summary>
/// Which features an export holds: an optional bbox and equality filters on the collection's own
/// properties. Filter names are checked against the catalogue (they become column names); every
/// value is parsed to its property's type and bound as a parameter, never written into SQL.
/// </summary>
public sealed class ExportQuery
{
    public CollectionSpec Collection { get; }
    public LonLatBox? BBox { get; private init; }
    public IReadOnlyList<(PropertySpec Property, object Value)> Filters { get; private init; } = [];

    ExportQuery(CollectionSpec c) => Collection = c;

    /// <summary>Parses bbox (minLon,minLat,maxLon,maxLat) and property=value filters; errors name the parameter.</summary>
    public static (ExportQuery? Query, List<FieldError> Errors) Parse(CollectionSpec c, string? bbox, IEnumerable<KeyValuePair<string, string>> filters)
    {
        var errors = new List<FieldError>();
        LonLatBox? box = null;
        if (!string.IsNullOrWhiteSpace(bbox))
        {
            if (LonLatBox.Parse(bbox) is { } parsed) box = parsed;
            else errors.Add(new FieldError("bbox", Rules.Bbox, "bbox is minLon,minLat,maxLon,maxLat in degrees."));
        }
        var list = new List<(PropertySpec, object)>();
        foreach (var (name, text) in filters)
        {
            if (c.Property(name) is not { } p)
            {
                errors.Add(new FieldError(name, Rules.UnknownProperty, $"{c.Id} has no property {name}; filter on: {string.Join(", ", c.Properties.Select(x => x.Name))}."));
                continue;
            }
            object? value = p.Kind switch
            {
                PropertyKind.Integer => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
                PropertyKind.Decimal => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null,
                PropertyKind.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt) ? dt : null,
                PropertyKind.Enum => Array.IndexOf(p.Allowed!, text) >= 0 ? text : null,
                _ => text,
            };
            if (value is null) errors.Add(new FieldError(name, Rules.FilterValue, $"'{text}' is not a valid {name} ({p.Kind.ToString().ToLowerInvariant()}{(p.Allowed is null ? "" : ": " + string.Join(", ", p.Allowed))})."));
            else list.Add((p, value));
        }
        return errors.Count > 0 ? (null, errors) : (new ExportQuery(c) { BBox = box, Filters = list }, errors);
    }

    /// <summary>
    /// The command that yields one GeoJSON Feature text per row. Output property names may be
    /// renamed (Shapefile's 10-character limit); <paramref name="geometryType"/> keeps one type.
    /// </summary>
    public NpgsqlCommand Command(NpgsqlConnection conn, IReadOnlyDictionary<string, string>? rename = null, string? geometryType = null)
    {
        var cmd = new NpgsqlCommand { Connection = conn };
        var props = string.Join(", ", Collection.Properties.Select(p => $"'{(rename is not null && rename.TryGetValue(p.Name, out var r) ? r : p.Name)}', t.{p.Name}"));
        var where = new List<string>();
        if (BBox is { } b)
        {
            where.Add("t.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)");
            foreach (var v in b.ToArray()) cmd.Parameters.Add(new NpgsqlParameter { Value = v, NpgsqlDbType = NpgsqlDbType.Double });
        }
        foreach (var (p, v) in Filters)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = v });
            where.Add($"t.{p.Name} = ${cmd.Parameters.Count}");
        }
        if (geometryType is not null)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = geometryType.ToUpperInvariant(), NpgsqlDbType = NpgsqlDbType.Text });
            where.Add($"GeometryType(t.geom) = ${cmd.Parameters.Count}");
        }
        cmd.CommandText = SqlTemplate.Render("export_features.sql", Collection,
            ("properties", props), ("where", where.Count == 0 ? "true" : string.Join(" AND ", where)));
        cmd.CommandTimeout = 0;
        return cmd;
    }
}
