using System.Text.Json;
using System.Text.Json.Serialization;
using RelocationPlanner.Core.Field;
using RelocationPlanner.Data.Field;

namespace RelocationPlanner.Api.Field;

// The field endpoints' answers as named records (snake_case on the wire through the service's
// naming policy), so the OpenAPI document and the generated client types describe them. GeoJSON
// layers stay JSON as PostGIS wrote them (the app hands them to OpenLayers unchanged).

/// <summary>A work package as the app downloads it.</summary>
public sealed record FieldPackage(long Id, DateTime CreatedAt, string CreatedBy, DateTime ExpiresAt, PackageScope Scope, double[]? Bbox,
    PackageZooms Zooms, string Tiles, IReadOnlyList<string> TileCollections, IReadOnlyList<FieldHousehold> Households,
    JsonElement Sites, PackageFeatures Features, IReadOnlyList<string> Steps, PackageInspection? Inspection);

/// <summary>What the package was asked for: one of the three is given.</summary>
public sealed record PackageScope(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UnitCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? SiteCodes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? InspectionId);

public sealed record PackageZooms(int Min, int Max);

/// <summary>The offline map's infrastructure layers, each a GeoJSON FeatureCollection.</summary>
public sealed record PackageFeatures(JsonElement Roads, JsonElement Wells, JsonElement PowerLines, JsonElement Towns);

/// <summary>The inspection a package was drawn for, with its sampled households.</summary>
public sealed record PackageInspection(long Id, IReadOnlyList<string> Households);

/// <summary>A household as the app carries it: every shown step with its date or null.</summary>
public sealed record FieldHousehold(string Code, string HeadName, int Members, string UnitCode, string? SiteCode, int Version, string Status,
    IReadOnlyDictionary<string, string?> Milestones, double? Lon, double? Lat, FieldOrigin? Origin);

/// <summary>The village a household leaves.</summary>
public sealed record FieldOrigin(string Code, double? Lon, double? Lat);

/// <summary>A change applied (or found already recorded): 201.</summary>
public sealed record ChangeApplied(string Status, long ChangeId, string HouseholdCode, int Version, bool AlreadyRecorded);

/// <summary>A change kept as a conflict for an officer (202): what the server holds is in server.</summary>
public sealed record ChangeConflict(string Status, long ConflictId, long ChangeId, string HouseholdCode, int Version, string? Reason, string? Message,
    JsonElement Server);

/// <summary>A household's conflicts, open and resolved.</summary>
public sealed record ConflictList(string HouseholdCode, IReadOnlyList<ConflictRow> Conflicts);

/// <summary>A household's photo evidence.</summary>
public sealed record HouseholdEvidence(string HouseholdCode, IReadOnlyList<EvidenceDocument> Evidence);

/// <summary>A site's photo evidence.</summary>
public sealed record SiteEvidence(string SiteCode, IReadOnlyList<EvidenceDocument> Evidence);

/// <summary>An inspection sample and the results recorded so far.</summary>
public sealed record InspectionDocument(long Id, string UnitCode, long Seed, string? StratifyBy, JsonElement Requested, string DrawnBy, DateTime DrawnAt,
    int Population, IReadOnlyList<string> Households, IReadOnlyList<InspectionStratum> Strata, IReadOnlyList<InspectionResult> Results);

public sealed record InspectionStratum(string Stratum, int Sampled, IReadOnlyList<string> Households);

/// <summary>An inspector's finding on one sampled household.</summary>
public sealed record InspectionResult(string HouseholdCode, string? Outcome, IReadOnlyList<string> Fields, string? Note, IReadOnlyList<long> EvidenceIds,
    string? RecordedBy, DateTime? RecordedAt);

/// <summary>The inspection's figures per stratum, in total and per county against the registry's reported settled rate.</summary>
public sealed record InspectionReportView(long Id, string UnitCode, string? StratifyBy, DateTime DrawnAt, DateOnly ReportedAsOf,
    IReadOnlyList<StratumFigures> Strata, StratumFigures Total, IReadOnlyList<CountyFigures> Counties, IReadOnlyList<CountyFigures> ContradictedCounties,
    InspectionRules Rules);

public sealed record CountyFigures(string UnitCode, string? Name, int Visited, int FoundSettled, double? SampleSettledRate, Interval95 Ci95,
    double? ReportedSettledRate, bool Contradicted);

/// <summary>How the report's figures are worked out, in words.</summary>
public sealed record InspectionRules(string DiscrepancyRate, string SampleSettled, string Contradicted);
