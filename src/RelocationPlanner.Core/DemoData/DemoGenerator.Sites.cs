using NetTopologySuite.Features;
using System.Globalization;
using NetTopologySuite.Geometries;
using RelocationPlanner.Core.GeoJson;

namespace RelocationPlanner.Core.DemoData;

public sealed partial class DemoGenerator
{
    private const int SiteCount = 30;
    private readonly List<(string Name, Geometry Geometry, bool Centralized)> _sites = [];

    /// <summary>
    /// About 30 sites, spread over the banners: three in four centralized (a small polygon near a
    /// town or a trunk road), the rest separate (a point by a village, or a bought house in town).
    /// </summary>
    private List<IFeature> BuildSites(DemoNetworks network)
    {
        var result = new List<IFeature>();
        var perBanner = new Dictionary<string, int>();
        for (var i = 0; i < SiteCount; i++)
        {
            var banner = _banners[i % _banners.Count];
            var centralized = i % 4 != 3;
            var (geometry, kind, name) = centralized ? CentralizedSite(banner, network) : SeparateSite(banner);
            if (geometry is null)
            {
                continue;
            }

            var township = TownshipAt(geometry.InteriorPoint.Coordinate);
            var n = perBanner[banner.Info.Code] = perBanner.GetValueOrDefault(banner.Info.Code) + 1;
            var code = $"S{banner.Info.Code}-{n.ToString("000", CultureInfo.InvariantCulture)}";
            var capacity = centralized ? _rng.Int(20, 150) : 1;
            _sites.Add((name, geometry, centralized));
            result.Add(GeoJsonIO.Feature(geometry, P(("code", code), ("name", name),
                ("site_type", centralized ? "centralized" : "separate"), ("separate_kind", kind),
                ("capacity_households", capacity), ("unit_code", township.Code))));
            if (centralized)
            {
                network.ConnectToRoads(geometry, geometry.InteriorPoint.Coordinate, "other", $"{name}进场路");
            }
        }

        return result;
    }

    private (Geometry? Geometry, string? Kind, string Name) CentralizedSite(BannerCtx banner, DemoNetworks network)
    {
        var trunkVertices = network.TrunkPaths.SelectMany(p => p).Where(c => DemoGeo.Inside(banner.Prepared, c)).ToList();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            // Near a town (1-3 km out, where land is free) or right by a trunk road.
            var byRoad = trunkVertices.Count > 0 && _rng.Chance(0.35);
            var anchor = byRoad ? _rng.Pick(trunkVertices) : _rng.Pick(banner.Townships.Select(t => t.Town).Append(banner.Seat).ToList());
            var (min, max) = byRoad ? (0.3, 0.8) : (1.0, 3.0);
            var dist = _rng.Range(min, max);
            var angle = _rng.Range(0, 2 * Math.PI);
            var centre = DemoGeo.Offset(anchor, dist * Math.Cos(angle), dist * Math.Sin(angle));
            var poly = DemoGeo.Blob(_factory, centre, _rng.Range(0.1, 0.3), _rng.Range(0.1, 0.3), _rng);
            if (poly.IsValid && banner.Prepared.Contains(poly) && !_sites.Any(s => s.Geometry.Distance(poly) < 0.003))
            {
                var township = TownshipAt(centre);
                var n = _siteNames[township.Code] = _siteNames.GetValueOrDefault(township.Code) + 1;
                return (poly, null, $"{BaseName(township.Name)}移民新村" + (n > 1 ? $"{n}区" : ""));
            }
        }

        return (null, null, "");
    }

    private (Geometry? Geometry, string? Kind, string Name) SeparateSite(BannerCtx banner)
    {
        var purchased = _rng.Chance(0.25); // the 2017 plan: 55 self-built, 14 bought
        var villages = _settlements.Where(s => s.BannerCode == banner.Info.Code).ToList();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            // A bought house is in town; a self-built one goes up near the home village.
            var anchor = purchased || villages.Count == 0 ? banner.Seat : _rng.Pick(villages).Location;
            var dist = purchased ? _rng.Range(0.2, 0.5) : _rng.Range(0.5, 2.0);
            var angle = _rng.Range(0, 2 * Math.PI);
            var c = DemoGeo.Offset(anchor, dist * Math.Cos(angle), dist * Math.Sin(angle));
            if (DemoGeo.Inside(banner.Prepared, c))
            {
                var name = purchased ? $"{banner.Info.SeatZh}购房安置户" : $"{TownshipAt(c).Name}自建安置户";
                return (_factory.CreatePoint(c), purchased ? "purchased" : "self_built", name);
            }
        }

        return (null, null, "");
    }

    private readonly Dictionary<string, int> _siteNames = [];

    /// <summary>巴音淖尔苏木 -> 巴音淖尔: a site is named after its place, not the unit type.</summary>
    private static string BaseName(string townshipName)
    {
        foreach (var suffix in new[] { "苏木", "街道", "镇" })
        {
            if (townshipName.EndsWith(suffix, StringComparison.Ordinal))
            {
                return townshipName[..^suffix.Length];
            }
        }

        return townshipName;
    }

    /// <summary>A few wells by every village and every site (drinking water and stock water).</summary>
    private List<IFeature> BuildWells()
    {
        var result = new List<IFeature>();
        var places = _settlements.Select(s => (s.Name, Centre: s.Location, Count: _rng.Int(1, 3), RadiusKm: 1.0))
            .Concat(_sites.Select(s => (s.Name, Centre: DemoGeo.Round(s.Geometry.InteriorPoint.Coordinate),
                Count: s.Centralized ? _rng.Int(1, 2) : _rng.Int(0, 1), RadiusKm: s.Centralized ? 0.3 : 0.2)))
            .ToList();
        foreach (var (name, centre, count, radius) in places)
        {
            for (var k = 0; k < count; k++)
            {
                var c = centre;
                for (var attempt = 0; attempt < 20; attempt++)
                {
                    var d = _rng.Range(0.05, radius);
                    var a = _rng.Range(0, 2 * Math.PI);
                    c = DemoGeo.Offset(centre, d * Math.Cos(a), d * Math.Sin(a));
                    if (DemoGeo.Inside(_all, c))
                    {
                        break;
                    }

                    c = centre;
                }

                var props = P(("code", "WL" + (result.Count + 1).ToString("00000", CultureInfo.InvariantCulture)),
                    ("name", $"{name}{k + 1}号井"),
                    ("well_type", _rng.Weighted(("electromechanical", 0.4), ("motor_pumped", 0.3), ("hand_pumped", 0.2), ("other", 0.1))));
                props.AddRange(DemoLifecycle.Props(_rng));
                result.Add(GeoJsonIO.Feature(_factory.CreatePoint(c), props));
            }
        }

        return result;
    }
}
