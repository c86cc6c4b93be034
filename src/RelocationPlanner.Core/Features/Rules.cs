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

    // Scoring profiles
    public const string Profile = "profile";
    public const string AhpConsistency = "ahp_consistency";
    public const string AhpReciprocal = "ahp_reciprocal";
    public const string WeightsSum = "weights_sum";

    // The other capabilities' rules (registry, subsidies, imports, OGC, reports, audit, jobs)
    public const string After = "after";
    public const string Bbox = "bbox";
    public const string CentralizedHasSite = "centralized_has_site";
    public const string ColumnCount = "column_count";
    public const string CorruptZip = "corrupt_zip";
    public const string Cql2 = "cql2";
    public const string Crs = "crs";
    public const string Datetime = "datetime";
    public const string DuplicateCode = "duplicate_code";
    public const string Entity = "entity";
    public const string FilterLang = "filter_lang";
    public const string FilterValue = "filter_value";
    public const string Format = "format";
    public const string ForwardOnly = "forward_only";
    public const string Id = "id";
    public const string IdCardFormat = "id_card_format";
    public const string IncomeAbovePovertyLine = "income_above_poverty_line";
    public const string JobId = "job_id";
    public const string Limit = "limit";
    public const string MaxLength = "max_length";
    public const string MembersAtLeastOne = "members_at_least_one";
    public const string MembersPlausible = "members_plausible";
    public const string Month = "month";
    public const string NameFormat = "name_format";
    public const string NoGeometry = "no_geometry";
    public const string NoLayer = "no_layer";
    public const string NoOverlap = "no_overlap";
    public const string NotFound = "not_found";
    public const string Once = "once";
    public const string OneHead = "one_head";
    public const string OneOf = "one_of";
    public const string Order = "order";
    public const string PartsSumToTotal = "parts_sum_to_total";
    public const string PeopleGeHouseholds = "people_ge_households";
    public const string PerPerson = "per_person";
    public const string ProfileCode = "profile_code";
    public const string ProfileJson = "profile_json";
    public const string ProfileVersion = "profile_version";
    public const string QueryValue = "query_value";
    public const string RaisedMatchesRequired = "raised_matches_required";
    public const string RateLimit = "rate_limit";
    public const string Reference = "reference";
    public const string Repeated = "repeated";
    public const string Role = "role";
    public const string Serialization = "serialization";
    public const string ShapefileIncomplete = "shapefile_incomplete";
    public const string ShapefileZip = "shapefile_zip";
    public const string SourceCrs = "source_crs";
    public const string StaleEtag = "stale_etag";
    public const string Timestamp = "timestamp";
    public const string TooManyCells = "too_many_cells";
    public const string Unknown = "unknown";
    public const string UnknownLayer = "unknown_layer";
    public const string UnknownParameter = "unknown_parameter";
    public const string UnknownProfile = "unknown_profile";
    public const string UnknownProperty = "unknown_property";
    public const string UnknownUnit = "unknown_unit";
    public const string Unreadable = "unreadable";
    public const string User = "user";
    public const string ZipWithoutShp = "zip_without_shp";

    // The programme after the keys: household facts, employment, compliance, site projects, reported figures
    public const string AreaRange = "area_range";
    public const string ExemptOrDemolished = "exempt_or_demolished";
    public const string LabourWithinMembers = "labour_within_members";
    public const string MemberInHousehold = "member_in_household";
    public const string WithinBudget = "within_budget";
    public const string ReversalMatches = "reversal_matches";
    public const string ReversalWithinOriginal = "reversal_within_original";
    public const string Year = "year";
    public const string IndicatorUnit = "indicator_unit";
    public const string UnitNotRegistered = "unit_not_registered";
    public const string OneValuePerUnitYear = "one_value_per_unit_year";
    public const string PerHouseholdPlausible = "per_household_plausible";
    public const string RateMatchesParts = "rate_matches_parts";
    public const string ComplianceRule = "compliance_rule";

    // Field work: packages, the offline queue, evidence, inspections
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string IdempotencyKey = "idempotency_key";
    public const string OutsidePackage = "outside_package";
    public const string NotYours = "not_yours";
    public const string Expired = "expired";
    public const string NotSampled = "not_sampled";
    public const string Resolved = "resolved";
    public const string ImageDimensions = "image_dimensions";
    public const string AppendOnly = "append_only";

    // Cost limits: refused with 422, not 400 (the input is well formed, only too big to take)
    public const string TooManyVertices = "too_many_vertices";
    public const string FeatureTooLarge = "feature_too_large";

    // Uploads: what GDAL and the archive checks refuse.
    public const string TimeLimit = "time_limit";
    public const string MemoryLimit = "memory_limit";
    public const string WrongFormat = "wrong_format";
    public const string MaxEntries = "max_entries";
    public const string MaxExpandedBytes = "max_expanded_bytes";
    public const string MaxRatio = "max_ratio";
    public const string UnsafePath = "unsafe_path";
    public const string Symlink = "symlink";
    // Shapefile fields read back under another name, or left out (warnings).
    public const string Renamed = "renamed";
    public const string Dropped = "dropped";
    // Scoring stopped at its time budget; what PostgreSQL refused.
    public const string TimeBudget = "time_budget";
    public const string ForeignKey = "foreign_key";
    public const string Check = "check";

    /// <summary>Whether a rule is a cost limit (422) rather than a malformed input (400).</summary>
    public static bool IsLimit(string rule) => rule is TooManyVertices or FeatureTooLarge;
}
