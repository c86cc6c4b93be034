namespace RelocationPlanner.Api.Field;

// The field endpoints' bodies as the OpenAPI document shows them. The handlers read bodies with the
// one JSON reader and the change reader (field-path problems); these records are the shapes only.
// The answers are the records in FieldAnswers.cs.

/// <summary>One of unit_code, site_codes or inspection_id: the households a package carries.</summary>
public sealed record PackageRequest(string? UnitCode, IReadOnlyList<string>? SiteCodes, long? InspectionId);

/// <summary>A change recorded in the field (kind milestone: step and date; kind inspection_result: inspection_id, outcome, fields).</summary>
public sealed record FieldChangeBody(long PackageId, string HouseholdCode, int BaseVersion, string Kind, string? Step, DateOnly? Date,
    double? Lon, double? Lat, double? AccuracyM, DateTimeOffset? RecordedAt, string? Device, IReadOnlyList<long>? EvidenceIds,
    long? InspectionId, string? Outcome, IReadOnlyList<string>? Fields, string? Note);

/// <summary>Multipart: part photo (JPEG or PNG) and part metadata (JSON: household_code or site_code, step, taken_at, lon, lat, accuracy_m, device).</summary>
public sealed record EvidenceForm(IFormFile Photo, string Metadata);

/// <summary>A sample to draw: households N or rate, stratified by county, site or not at all, reproducible by seed.</summary>
public sealed record InspectionRequest(string UnitCode, int? Households, double? Rate, string? StratifyBy, long Seed);

/// <summary>Resolving a conflict takes no fields.</summary>
public sealed record EmptyBody;
