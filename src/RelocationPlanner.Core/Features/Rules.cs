namespace RelocationPlanner.Core.Features;

/// <summary>
/// The rule codes that refusals and warnings name (<c>errors[].rule</c> in problem+json). Clients
/// translate by these codes, so they are constants here and never derived from message text.
/// Rules checked in SQL (import_check_*.sql, reg_import_checks.sql) write the same strings.
/// </summary>
public static class Rules
{
    // Shape of a request or file
    public const string Json = "json";
    public const string Object = "object";
    public const string Array = "array";
    public const string Required = "required";
    public const string Text = "text";
    public const string Duplicate = "duplicate_key";
    public const string Empty = "empty";
    public const string TooMany = "too_many";
    public const string MediaType = "media_type";
    public const string MaxSize = "max_size";
    public const string Request = "request";

    // Values
    public const string Enum = "enum";
    public const string Integer = "integer";
    public const string Decimal = "decimal";
    public const string Date = "date";
    public const string Number = "number";
    public const string String = "string";
    public const string Range = "range";
    public const string Positive = "positive";
    public const string Negative = "negative";
    public const string NonNegative = "non_negative";
    public const string NotInFuture = "not_in_future";
    public const string DatesInOrder = "dates_in_order";
    public const string CodeFormat = "code_format";
    public const string Unique = "unique";
    public const string TypeText = "type_text";
    public const string TypeInteger = "type_integer";
    public const string TypeDecimal = "type_decimal";
    public const string TypeDate = "type_date";
    public const string TooLong = "too_long";

    // GeoJSON
    public const string FeatureCollection = "feature_collection";
    public const string FeatureRequired = "feature_required";
    public const string PropertiesObject = "properties_object";
    public const string GeometryRequired = "geometry_required";
    public const string GeometryType = "geometry_type";
    public const string CoordinatesRequired = "coordinates_required";
    public const string CoordinatesShape = "coordinates_shape";
    public const string CoordinatesNumber = "coordinates_number";
    public const string TooFewPoints = "too_few_points";
    public const string RingNotClosed = "ring_not_closed";
    public const string GeometryEmpty = "geometry_empty";
    public const string GeometryInvalid = "geometry_invalid";
    public const string OutsideChina = "outside_china";
    public const string UnknownCrs = "unknown_crs";
    public const string ZDropped = "z_dropped";

    // Cost limits: refused with 422, not 400 (the input is well formed, only too big to take)
    public const string TooManyVertices = "too_many_vertices";
    public const string FeatureTooLarge = "feature_too_large";

    /// <summary>Whether a rule is a cost limit (422) rather than a malformed input (400).</summary>
    public static bool IsLimit(string rule) => rule is TooManyVertices or FeatureTooLarge;
}
