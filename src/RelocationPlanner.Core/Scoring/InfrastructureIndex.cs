using System.Collections.Concurrent;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace RelocationPlanner.Core.Scoring;

/// <summary>One layer: its rows and an STRtree-backed geodesic index per status.</summary>
public sealed class LayerIndex
{
    readonly (string Status, GeodesicNearestIndex Index, int[] Rows)[] _byStatus;

    public LayerData Data { get; }

    LayerIndex(LayerData data, (string, GeodesicNearestIndex, int[])[] byStatus)
    {
        Data = data;
        _byStatus = byStatus;
    }

    public static LayerIndex Build(LayerData data)
    {
        // Zones are polygons with their own intersection tree; they take no part in nearest searches.
        if (data.Layer == "exclusion_zones") return new LayerIndex(data, []);
        var groups = Enumerable.Range(0, data.Ids.Length).GroupBy(i => data.Statuses[i]).ToArray();
        var byStatus = new (string, GeodesicNearestIndex, int[])[groups.Length];
        Parallel.For(0, groups.Length, g =>
        {
            var rows = groups[g].ToArray();
            byStatus[g] = (groups[g].Key, new GeodesicNearestIndex(rows.Select(r => (Geometry?)data.Geometries[r]).ToArray()), rows);
        });
        return new LayerIndex(data, byStatus);
    }

    /// <summary>Nearest row among <paramref name="statuses"/> (null = any) that <paramref name="accept"/> allows.</summary>
    public (NearestHit Hit, int Row)? Nearest(PreparedSite site, IReadOnlyCollection<string>? statuses, Func<int, bool>? accept, CancellationToken ct = default)
    {
        (NearestHit Hit, int Row)? best = null;
        foreach (var (status, index, rows) in _byStatus)
        {
            if (statuses is not null && !statuses.Contains(status)) continue;
            var hit = index.Nearest(site, accept is null ? null : f => accept(rows[f]), ct);
            if (hit is { } h && (best is null || h.DistanceM < best.Value.Hit.DistanceM))
                best = (h, rows[h.Feature]);
        }
        return best;
    }

    /// <summary>Per cell of <paramref name="grid"/>, the nearest row as <see cref="Nearest"/> would find it for the cell centre.</summary>
    public (NearestHit Hit, int Row)?[] NearestOnGrid(LonLatGrid grid, IReadOnlyCollection<string>? statuses, Func<int, bool>? accept, CancellationToken ct = default)
    {
        var best = new (NearestHit Hit, int Row)?[grid.Count];
        foreach (var (status, index, rows) in _byStatus)
        {
            if (statuses is not null && !statuses.Contains(status)) continue;
            var hits = index.NearestOnGrid(grid, accept is null ? null : f => accept(rows[f]), ct);
            for (int i = 0; i < hits.Length; i++)
                if (hits[i] is { } h && (best[i] is null || h.DistanceM < best[i]!.Value.Hit.DistanceM))
                    best[i] = (h, rows[h.Feature]);
        }
        return best;
    }
}

/// <summary>An immutable, versioned set of layer indexes plus derived road graphs.</summary>
public sealed class InfrastructureIndex
{
    readonly ConcurrentDictionary<string, Lazy<RoadGraph>> _graphs = new();
    readonly STRtree<int> _zoneTree = new();
    readonly IPreparedGeometry[] _zones;

    public IReadOnlyDictionary<string, long> Versions { get; }
    public IReadOnlyDictionary<string, LayerIndex> Layers { get; }

    /// <summary>Sum of the infrastructure tables' versions: changes whenever any of them does.</summary>
    public long DataVersion => DataVersionOf(Versions);

    /// <summary>The <see cref="DataVersion"/> of a set of table versions (also what the rescoring check compares runs with).</summary>
    public static long DataVersionOf(IReadOnlyDictionary<string, long> versions) => versions.Values.Sum();

    InfrastructureIndex(IReadOnlyDictionary<string, long> versions, IReadOnlyDictionary<string, LayerIndex> layers)
    {
        Versions = versions;
        Layers = layers;
        var zones = layers["exclusion_zones"].Data;
        _zones = zones.Geometries.Select(g => PreparedGeometryFactory.Prepare(g)).ToArray();
        for (int i = 0; i < _zones.Length; i++) _zoneTree.Insert(zones.Geometries[i].EnvelopeInternal, i);
        _zoneTree.Build();
    }

    /// <summary>Reuses the layers of <paramref name="previous"/> that did not change.</summary>
    public static InfrastructureIndex Build(InfrastructureIndex? previous, LayerSnapshot snapshot, IReadOnlyCollection<string> reloaded)
    {
        var layers = new Dictionary<string, LayerIndex>();
        var versions = new Dictionary<string, long>();
        var built = reloaded.ToDictionary(l => l, _ => (LayerIndex?)null);
        Parallel.ForEach(reloaded, l => { var li = LayerIndex.Build(snapshot.Layers[l]); lock (built) built[l] = li; });
        foreach (var layer in snapshot.Versions.Keys)
        {
            if (built.TryGetValue(layer, out var fresh))
            {
                layers[layer] = fresh!;
                versions[layer] = snapshot.Versions[layer];
            }
            else
            {
                // Keep the version the reused data was read at, so a change racing this reload is seen next time.
                layers[layer] = previous!.Layers[layer];
                versions[layer] = previous.Versions[layer];
            }
        }
        return new InfrastructureIndex(versions, layers);
    }

    public bool Matches(IReadOnlyDictionary<string, long> versions) => versions.All(kv => Versions.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public bool IsAtLeast(IReadOnlyDictionary<string, long> versions) => versions.All(kv => Versions.TryGetValue(kv.Key, out var v) && v >= kv.Value);

    /// <summary>Stored zones the site intersects (touching counts); <paramref name="ct"/> is checked between zones.</summary>
    public List<ZoneHit> ZoneHits(Geometry site, CancellationToken ct = default)
    {
        var hits = new List<ZoneHit>();
        var data = Layers["exclusion_zones"].Data;
        foreach (int i in _zoneTree.Query(site.EnvelopeInternal))
        {
            ct.ThrowIfCancellationRequested();
            if (_zones[i].Intersects(site)) hits.Add(new ZoneHit(data.Attribute[i] ?? "", data.Names[i] ?? data.Codes[i]));
        }
        return hits;
    }

    /// <summary>The road network of roads with the given statuses (built once per data version and status set).</summary>
    public RoadGraph RoadGraph(IReadOnlyCollection<string> statuses)
    {
        var key = string.Join(",", statuses.Order(StringComparer.Ordinal));
        return _graphs.GetOrAdd(key, _ => new Lazy<RoadGraph>(() =>
        {
            var roads = Layers["roads"].Data;
            return Core.Scoring.RoadGraph.Build(Enumerable.Range(0, roads.Ids.Length)
                .Where(i => statuses.Contains(roads.Statuses[i])).Select(i => roads.Geometries[i]));
        })).Value;
    }
}
