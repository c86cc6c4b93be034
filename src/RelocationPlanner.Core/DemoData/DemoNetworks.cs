using NetTopologySuite.Features;
using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.Distance;
using RelocationPlanner.Core.GeoJson;
using static RelocationPlanner.Core.DemoData.DemoGenerator;

namespace RelocationPlanner.Core.DemoData;

/// <summary>
/// Roads and power lines. Roads are cut into pieces of a few km because works are planned,
/// built and reported per section, not per route; power lines follow the road corridors.
/// </summary>
internal sealed class DemoNetworks(GeometryFactory factory, DemoRandom rng, IPreparedGeometry area)
{
    private readonly List<(List<Coordinate> Path, string RoadClass, string Name)> _corridors = [];
    private readonly List<LineString> _pieces = [];
    private int _roadNo;
    private int _lineNo;

    public List<IFeature> Roads { get; } = [];
    public List<IFeature> PowerLines { get; } = [];

    /// <summary>Trunk routes between banner seats (for siting resettlement sites by the road).</summary>
    public List<List<Coordinate>> TrunkPaths { get; } = [];

    public void BuildRoads(IReadOnlyList<BannerCtx> banners, IReadOnlyList<PlaceCtx> settlements)
    {
        BuildTrunk(banners);
        foreach (var t in banners.SelectMany(b => b.Townships))
        {
            // Township roads lead to the nearest seat; the own seat if the direct way leaves Ordos.
            var seats = banners.OrderBy(b => DemoGeo.DistanceKm(t.Town, b.Seat)).Select(b => b.Seat);
            foreach (var seat in seats)
            {
                var path = DemoGeo.Wiggle(t.Town, seat, 1.0, 1.2, rng, area);
                if (path is not null)
                {
                    var km = DemoGeo.DistanceKm(t.Town, seat);
                    AddRoad(path, km > 30 ? "county" : "township", $"{t.Name}公路", 8);
                    break;
                }
            }
        }

        foreach (var s in settlements)
        {
            ConnectToRoads(factory.CreatePoint(s.Location), s.Location, "village", $"{s.Name}通村路");
        }
    }

    /// <summary>A short road from a site (or village) to the nearest existing road.</summary>
    public void ConnectToRoads(Geometry from, Coordinate fallbackStart, string roadClass, string name)
    {
        Coordinate? bestStart = null, bestEnd = null;
        var best = double.MaxValue;
        foreach (var piece in _pieces)
        {
            var d = from.Distance(piece);
            if (d < best)
            {
                var pts = DistanceOp.NearestPoints(from, piece);
                (best, bestStart, bestEnd) = (d, DemoGeo.Round(pts[0]), DemoGeo.Round(pts[1]));
                if (!DemoGeo.Inside(area, bestEnd))
                {
                    bestEnd = piece.Coordinates.MinBy(c => c.Distance(pts[1]));
                }
            }
        }

        var start = bestStart is not null && DemoGeo.Inside(area, bestStart) ? bestStart : fallbackStart;
        if (bestEnd is null || DemoGeo.DistanceKm(start, bestEnd) < 0.01)
        {
            return; // already on a road
        }

        var path = DemoGeo.Wiggle(start, bestEnd, 0.5, 0.3, rng, area);
        if (path is not null && path.Count >= 2)
        {
            AddRoad(path, roadClass, name, 5);
        }
    }

    /// <summary>Seats joined by a minimum spanning tree plus each seat's nearest extra link.</summary>
    private void BuildTrunk(IReadOnlyList<BannerCtx> banners)
    {
        var edges = new List<(int A, int B)>();
        var inTree = new HashSet<int> { 0 };
        while (inTree.Count < banners.Count)
        {
            var next = (from a in inTree
                        from b in Enumerable.Range(0, banners.Count)
                        where !inTree.Contains(b)
                        orderby DemoGeo.DistanceKm(banners[a].Seat, banners[b].Seat), a, b
                        select (a, b)).First();
            edges.Add(next);
            inTree.Add(next.b);
        }

        for (var a = 0; a < banners.Count; a++)
        {
            var extra = Enumerable.Range(0, banners.Count)
                .Where(b => b != a && !edges.Contains((a, b)) && !edges.Contains((b, a)))
                .OrderBy(b => DemoGeo.DistanceKm(banners[a].Seat, banners[b].Seat)).First();
            if (DemoGeo.DistanceKm(banners[a].Seat, banners[extra].Seat) < 160)
            {
                edges.Add((a, extra));
            }
        }

        foreach (var (a, b) in edges)
        {
            var (ba, bb) = (banners[a], banners[b]);
            var path = DemoGeo.Wiggle(ba.Seat, bb.Seat, 1.0, 2.5, rng, area);
            if (path is null)
            {
                continue;
            }

            // National roads radiate from the old urban centre, Dongsheng.
            var roadClass = ba.Info.Code == "150602" || bb.Info.Code == "150602" ? "national" : "provincial";
            TrunkPaths.Add(path);
            AddRoad(path, roadClass, $"{ba.Info.SeatZh}—{bb.Info.SeatZh}公路", 3);
        }
    }

    private void AddRoad(List<Coordinate> path, string roadClass, string name, double pieceKm)
    {
        _corridors.Add((path, roadClass, name));
        var pieces = DemoGeo.Split(path, pieceKm);
        for (var i = 0; i < pieces.Count; i++)
        {
            var line = factory.CreateLineString(pieces[i]);
            _pieces.Add(line);
            var props = P(("code", "RD" + (++_roadNo).ToString("00000", CultureInfo.InvariantCulture)),
                ("name", pieces.Count > 1 ? $"{name}第{i + 1}段" : name), ("road_class", roadClass), ("surface", Surface(roadClass)));
            props.AddRange(DemoLifecycle.Props(rng));
            Roads.Add(GeoJsonIO.Feature(line, props));
        }
    }

    private string Surface(string roadClass) => roadClass switch
    {
        "national" or "provincial" => "asphalt",
        "county" => rng.Weighted(("asphalt", 0.7), ("cement", 0.3)),
        "township" => rng.Weighted(("cement", 0.6), ("asphalt", 0.2), ("gravel", 0.2)),
        "village" => rng.Weighted(("gravel", 0.4), ("cement", 0.3), ("earth", 0.3)),
        _ => rng.Weighted(("earth", 0.5), ("gravel", 0.5)),
    };

    /// <summary>Lines along the road corridors, a little to one side; voltage by road class.</summary>
    public void BuildPowerLines()
    {
        foreach (var (path, roadClass, name) in _corridors)
        {
            var (kv, side, pieceKm, share) = roadClass switch
            {
                "national" => (220, 0.15, 10.0, 1.0),
                "provincial" => (110, 0.15, 10.0, 1.0),
                "county" or "township" => (35, 0.1, 8.0, 0.8),
                _ => (10, 0.04, 5.0, 0.7),
            };
            if (!rng.Chance(share))
            {
                continue;
            }

            var pieces = DemoGeo.Split(DemoGeo.Parallel(path, side, area), pieceKm);
            var baseName = name.Replace("公路", "", StringComparison.Ordinal).Replace("通村路", "", StringComparison.Ordinal)
                .Replace("进场路", "", StringComparison.Ordinal);
            for (var i = 0; i < pieces.Count; i++)
            {
                var props = P(("code", "PL" + (++_lineNo).ToString("00000", CultureInfo.InvariantCulture)),
                    ("name", $"{baseName}{kv}kV线路" + (pieces.Count > 1 ? $"第{i + 1}段" : "")), ("voltage_kv", kv));
                props.AddRange(DemoLifecycle.Props(rng));
                PowerLines.Add(GeoJsonIO.Feature(factory.CreateLineString(pieces[i]), props));
            }
        }
    }
}
