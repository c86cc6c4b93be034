using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Ogc;

namespace RelocationPlanner.Data.Ogc;

/// <summary>
/// The one writer of an OGC feature (items pages and single items): PostGIS writes the geometry
/// (ST_AsGeoJSON in the response CRS, feature.sql), the rest is written here from the id and the
/// catalogue's property columns as UTF-8. Built in SQL with json_build_object and text
/// concatenation, the same page cost PostgreSQL about 0.3 ms more CPU per 100 features than the
/// bare columns (it looks up every value's output function per row), far more than writing them here.
/// One instance per reader: the bytes of a feature are valid until the next <see cref="Write"/>.
/// </summary>
public sealed class FeatureJson
{
    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type"), Feature = JsonEncodedText.Encode("Feature"),
        IdName = JsonEncodedText.Encode("id"), GeometryName = JsonEncodedText.Encode("geometry"), PropertiesName = JsonEncodedText.Encode("properties");

    readonly (JsonEncodedText Name, PropertyKind Kind, int Ordinal)[] _properties;
    readonly int _id, _geometry;
    readonly ArrayBufferWriter<byte> _buffer = new(2048);
    readonly Utf8JsonWriter _writer;

    /// <summary>For the rows of <paramref name="r"/>, a statement that selects <see cref="Columns"/> of <paramref name="c"/>.</summary>
    public FeatureJson(CollectionSpec c, NpgsqlDataReader r)
    {
        _id = r.GetOrdinal("id");
        _geometry = r.GetOrdinal("geometry");
        _properties = [.. c.Properties.Select(p => (JsonEncodedText.Encode(p.Name), p.Kind, r.GetOrdinal(p.Name)))];
        _writer = new Utf8JsonWriter(_buffer, Options);
    }

    /// <summary>The feature's columns (feature.sql): its geometry as the response CRS wants it, untouched for CRS84 (storage),
    /// else transformed (the SRID a bound value) and, for north-first CRSs, with its axes flipped;
    /// <paramref name="places"/> decimals, else the CRS's.</summary>
    public static string Columns(CollectionSpec c, OgcCrs crs, SqlWhere w, int? places = null)
    {
        var decimals = w.Bind(places ?? crs.Decimals, NpgsqlDbType.Integer);
        var g = crs.Srid == 4326 ? "t.geom" : $"ST_Transform(t.geom, {w.Bind(crs.Srid, NpgsqlDbType.Integer)})";
        return SqlTemplate.Render("feature.sql", c, ("geometry", crs.NorthFirst ? $"ST_FlipCoordinates({g})" : g), ("decimals", decimals));
    }

    /// <summary>The row's feature id.</summary>
    public long Id(NpgsqlDataReader r) => r.GetInt64(_id);

    /// <summary>Whether the row holds a feature (items_counted.sql's one row of an empty page does not).</summary>
    public bool HasFeature(NpgsqlDataReader r) => !r.IsDBNull(_id);

    /// <summary>The row's feature as GeoJSON (UTF-8); valid until the next call.</summary>
    public ReadOnlyMemory<byte> Write(NpgsqlDataReader r)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        var w = _writer;
        w.WriteStartObject();
        w.WriteString(TypeName, Feature);
        w.WriteNumber(IdName, r.GetInt64(_id));
        w.WritePropertyName(GeometryName);
        w.WriteRawValue(r.GetString(_geometry), skipInputValidation: true);
        w.WriteStartObject(PropertiesName);
        Span<char> day = stackalloc char[10];
        foreach (var (name, kind, i) in _properties)
        {
            if (r.IsDBNull(i)) { w.WriteNull(name); continue; }
            switch (kind)
            {
                case PropertyKind.Integer: w.WriteNumber(name, r.GetInt64(i)); break;
                case PropertyKind.Decimal: w.WriteNumber(name, r.GetDecimal(i)); break;
                case PropertyKind.Date:
                    // "O" is yyyy-MM-dd, and formatted without the custom-pattern parser.
                    r.GetFieldValue<DateOnly>(i).TryFormat(day, out var n, "O", CultureInfo.InvariantCulture);
                    w.WriteString(name, day[..n]);
                    break;
                default: w.WriteString(name, r.GetString(i)); break;
            }
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.Flush();
        return _buffer.WrittenMemory;
    }
}
