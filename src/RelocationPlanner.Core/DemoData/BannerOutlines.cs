using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Precision;
using RelocationPlanner.Core.GeoJson;

namespace RelocationPlanner.Core.DemoData;

/// <summary>What happened while turning decoded outlines into admin-unit features.</summary>
public sealed record BannerBuildReport(IReadOnlyList<string> FixedWithBuffer0, int CityParts, int CityHoles);

/// <summary>
/// Turns decoded ECharts outlines into the province, city and banner features of
/// data/ordos/banners.geojson (valid MultiPolygons at 6-decimal precision).
/// </summary>
public static class BannerOutlines
{
    /// <summary>1e6 = 6 decimals of a degree: the precision of every file written.</summary>
    public static readonly PrecisionModel SixDecimals = new(1e6);

    /// <summary>Builds province, city, then banners (parents before children).</summary>
    public static (IReadOnlyList<IFeature> Features, BannerBuildReport Report) Build(
        IReadOnlyList<EChartsFeature> decoded, GeometryFactory? factory = null)
    {
        factory ??= new GeometryFactory(new PrecisionModel(), 4326);
        var fixedOnes = new List<string>();
        var banners = new List<(BannerInfo Info, string Name, MultiPolygon Geometry)>();
        foreach (var f in decoded)
        {
            // Prefer the code stored in the file; fall back to the catalogue by name.
            var info = (f.Id is { } id ? OrdosCatalogue.Find(id) : null) ?? OrdosCatalogue.FindByName(f.Name)
                ?? throw new InvalidOperationException($"Unknown banner {f.Id} {f.Name}.");
            var g = f.Geometry;
            if (!g.IsValid)
            {
                g = g.Buffer(0);
                fixedOnes.Add(info.Code);
            }

            banners.Add((info, f.Name, ToMultiPolygon(Reduce(g), factory)));
        }

        banners.Sort((a, b) => string.CompareOrdinal(a.Info.Code, b.Info.Code));
        var union = ToMultiPolygon(Reduce(factory.BuildGeometry(banners.Select(b => (Geometry)b.Geometry)).Union()), factory);
        var features = new List<IFeature>
        {
            GeoJsonIO.Feature(union, Props(OrdosCatalogue.ProvinceCode, OrdosCatalogue.ProvinceName, OrdosCatalogue.ProvinceNameEn, "province", null)),
            GeoJsonIO.Feature(union.Copy(), Props(OrdosCatalogue.CityCode, OrdosCatalogue.CityName, OrdosCatalogue.CityNameEn, "city", OrdosCatalogue.ProvinceCode)),
        };
        features.AddRange(banners.Select(b => GeoJsonIO.Feature(b.Geometry,
            Props(b.Info.Code, b.Name, b.Info.NameEn, "county", OrdosCatalogue.CityCode))));
        var holes = union.Geometries.Sum(p => ((Polygon)p).NumInteriorRings);
        return (features, new BannerBuildReport(fixedOnes, union.NumGeometries, holes));
    }

    /// <summary>Snaps to 6 decimals while keeping the geometry valid.</summary>
    public static Geometry Reduce(Geometry g) => GeometryPrecisionReducer.Reduce(g, SixDecimals);

    /// <summary>Polygonal parts of any geometry as a MultiPolygon (empty parts dropped).</summary>
    public static MultiPolygon ToMultiPolygon(Geometry g, GeometryFactory factory)
    {
        var polys = new List<Polygon>();
        for (var i = 0; i < g.NumGeometries; i++)
        {
            switch (g.GetGeometryN(i))
            {
                case Polygon p when !p.IsEmpty: polys.Add(p); break;
                case MultiPolygon mp: polys.AddRange(mp.Geometries.Cast<Polygon>()); break;
                default: break;
            }
        }

        return factory.CreateMultiPolygon([.. polys]);
    }

    private static List<KeyValuePair<string, object?>> Props(string code, string name, string nameEn, string level, string? parent)
    {
        var p = new List<KeyValuePair<string, object?>> { new("code", code), new("name", name), new("name_en", nameEn), new("level", level) };
        if (parent is not null)
        {
            p.Add(new("parent_code", parent));
        }

        return p;
    }
}
