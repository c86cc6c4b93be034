namespace RelocationPlanner.Core.Features;

/// <summary>The kind of value a feature property holds; decides parsing and the SQL type.</summary>
public enum PropertyKind { Text, Integer, Decimal, Date, Enum }

/// <summary>One property of a collection's public GeoJSON contract, stored in the column of the same name.</summary>
public sealed record PropertySpec(string Name, PropertyKind Kind, bool Required = false, string[]? Allowed = null, int MaxLength = 200);

/// <summary>
/// A feature collection: its table (a constant of this catalogue, never taken from a request),
/// the geometry types it stores and its property contract.
/// </summary>
public sealed record CollectionSpec(
    string Id,
    string Title,
    string Description,
    string Table,
    string[] GeometryTypes,
    PropertySpec[] Properties)
{
    public PropertySpec? Property(string name) => Array.Find(Properties, p => p.Name == name);

    /// <summary>Vertices one feature may have (RP_MAX_VERTICES_{ID in upper case} overrides the default).</summary>
    public int MaxVertices { get; init; } = Limits.DefaultVertices;

    /// <summary>Bytes of GeoJSON one feature may take before it is parsed (follows <see cref="MaxVertices"/>).</summary>
    public long MaxFeatureBytes => Limits.FeatureBytes(MaxVertices);
}

/// <summary>The seven collections of the public contract (design.md).</summary>
public static class Collections
{
    public static readonly string[] Statuses = ["planned", "under_construction", "completed"];
    public static readonly string[] UnitLevels = ["province", "city", "county", "township", "village"];

    static readonly PropertySpec[] WorkDates =
    [
        new("planned_on", PropertyKind.Date),
        new("started_on", PropertyKind.Date),
        new("completed_on", PropertyKind.Date),
    ];

    public static readonly CollectionSpec AdminUnits = new(
        "admin_units", "Administrative units", "Province > city/league > county/banner > township/sumu > village/gaqa",
        "admin_units", ["MultiPolygon"],
        [
            new("code", PropertyKind.Text, Required: true, MaxLength: 32),
            new("name", PropertyKind.Text, Required: true),
            new("name_en", PropertyKind.Text),
            new("level", PropertyKind.Enum, Required: true, Allowed: UnitLevels),
            new("parent_code", PropertyKind.Text, MaxLength: 32),
        ])
    {
        MaxVertices = Limits.Setting("RP_MAX_VERTICES_ADMIN_UNITS", Limits.DefaultBoundaryVertices),
    };

    public static readonly CollectionSpec Towns = new(
        "towns", "Towns", "Cities, county seats and township towns",
        "towns", ["Point"],
        [
            new("code", PropertyKind.Text, Required: true, MaxLength: 32),
            new("name", PropertyKind.Text, Required: true),
            new("name_en", PropertyKind.Text),
            new("town_level", PropertyKind.Enum, Required: true, Allowed: ["city", "county_seat", "township"]),
            new("population", PropertyKind.Integer),
        ])
    {
        MaxVertices = Limits.Setting("RP_MAX_VERTICES_TOWNS", Limits.DefaultVertices),
    };

    public static readonly CollectionSpec Settlements = new(
        "settlements", "Settlements", "Origin villages that people are relocated from",
        "settlements", ["Point"],
        [
            new("code", PropertyKind.Text, Required: true, MaxLength: 32),
            new("name", PropertyKind.Text, Required: true),
            new("unit_code", PropertyKind.Text, MaxLength: 32),
            new("population", PropertyKind.Integer),
            new("households", PropertyKind.Integer),
        ])
    {
        MaxVertices = Limits.Setting("RP_MAX_VERTICES_SETTLEMENTS", Limits.DefaultVertices),
    };

    public static readonly CollectionSpec Sites = new(
        "sites", "Resettlement sites", "Centralized sites (polygons with a capacity) and separate settlement (one household, a point)",
        "sites", ["Polygon", "Point"],
        [
            new("code", PropertyKind.Text, Required: true, MaxLength: 32),
            new("name", PropertyKind.Text, Required: true),
            new("site_type", PropertyKind.Enum, Required: true, Allowed: ["centralized", "separate"]),
            new("separate_kind", PropertyKind.Enum, Allowed: ["self_built", "purchased"]),
            new("capacity_households", PropertyKind.Integer),
            new("unit_code", PropertyKind.Text, MaxLength: 32),
        ])
    {
        MaxVertices = Limits.Setting("RP_MAX_VERTICES_SITES", Limits.DefaultVertices),
    };

    public static readonly CollectionSpec Roads = new(
        "roads", "Roads", "Roads by class, surface and construction status",
        "roads", ["LineString"],
        [
            new("code", PropertyKind.Text, Required: true, MaxLength: 32),
            new("name", PropertyKind.Text),
            new("road_class", PropertyKind.Enum, Required: true, Allowed: ["national", "provincial", "county", "township", "village", "other"]),
            new("surface", PropertyKind.Enum, Allowed: ["asphalt", "cement", "gravel", "earth"]),
            new("status", PropertyKind.Enum, Required: true, Allowed: Statuses),
            .. WorkDates,
        ])
    {
        MaxVertices = Limits.Setting("RP_MAX_VERTICES_ROADS", Limits.DefaultVertices),
    };

    public static readonly CollectionSpec Wells = new(
        "wells", "Wells", "Wells and water sources by type and construction status",
        "wells", ["Point"],
        [
            new("code", PropertyKind.Text, Required: true, MaxLength: 32),
            new("name", PropertyKind.Text),
            new("well_type", PropertyKind.Enum, Required: true, Allowed: ["electromechanical", "motor_pumped", "hand_pumped", "other"]),
            new("status", PropertyKind.Enum, Required: true, Allowed: Statuses),
            .. WorkDates,
        ])
    {
        MaxVertices = Limits.Setting("RP_MAX_VERTICES_WELLS", Limits.DefaultVertices),
    };

    public static readonly CollectionSpec PowerLines = new(
        "power_lines", "Power lines", "Power lines by voltage and construction status",
        "power_lines", ["LineString"],
        [
            new("code", PropertyKind.Text, Required: true, MaxLength: 32),
            new("name", PropertyKind.Text),
            new("voltage_kv", PropertyKind.Decimal, Required: true),
            new("status", PropertyKind.Enum, Required: true, Allowed: Statuses),
            .. WorkDates,
        ])
    {
        MaxVertices = Limits.Setting("RP_MAX_VERTICES_POWER_LINES", Limits.DefaultVertices),
    };

    /// <summary>All collections, parents before children (the order demo data and restores load in).</summary>
    public static readonly IReadOnlyList<CollectionSpec> All = [AdminUnits, Towns, Settlements, Sites, Roads, Wells, PowerLines];

    public static CollectionSpec? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}
