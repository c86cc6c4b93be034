using NetTopologySuite.Geometries;

namespace RelocationPlanner.Core.Scoring;

/// <summary>
/// One layer as the scoring cache holds it: parallel arrays (one entry per row) so a 200k-row
/// layer is a handful of arrays, not 200k objects.
/// </summary>
/// Attribute: road class, well type, town level or zone kind, by layer. Number: power line
/// voltage (kV) or population; NaN when absent.
public sealed record LayerData(string Layer, long[] Ids, string[] Codes, string[] Statuses, string?[] Attribute, double[] Number,
    string?[] Names, Geometry[] Geometries);

/// <summary>Layers read in one snapshot together with the data versions that snapshot saw.</summary>
public sealed record LayerSnapshot(IReadOnlyDictionary<string, long> Versions, IReadOnlyDictionary<string, LayerData> Layers);
