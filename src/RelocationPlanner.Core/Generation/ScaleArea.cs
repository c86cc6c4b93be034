using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using RelocationPlanner.Core.DemoData;
using RelocationPlanner.Core.GeoJson;

namespace RelocationPlanner.Core.Generation;

/// <summary>
/// Where the scale data lies and which units it names. <see cref="Ordos"/>: the Ordos box and its
/// nine banners (no unit polygons; the benchmarks draw their own). <see cref="National"/>: the
/// first N of 31 provinces (real province codes) on a grid over 88-124 E, 24-44 N, each with 5
/// cities of 9 counties, each county 12 townships of 9 villages (1,395 counties, 16,740
/// townships, 150,660 villages in all), every unit a rectangle of a fine grid so neighbours share
/// their edges exactly; features are placed in a county drawn at random, so a subset of provinces
/// has the national density and shape.
/// </summary>
public sealed class ScaleArea
{
    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    static readonly string[] OrdosCounties = ["150602", "150603", "150621", "150622", "150623", "150624", "150625", "150626", "150627"];

    /// <summary>The 31 provinces' codes (GB/T 2260), in grid order.</summary>
    public static readonly IReadOnlyList<string> ProvinceCodes =
        ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
         "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"];

    public const int CitiesPerProvince = 5, CountiesPerCity = 9, TownshipsPerCounty = 12, VillagesPerTownship = 9;
    // The fine grid: a village is one cell (1/24 degree by 1/9 degree); a township 3 x 3 cells, a
    // county 4 x 3 townships, a city a row of 9 counties, a province 5 cities (108 x 45 cells).
    const int CellsPerDegreeX = 24, CellsPerDegreeY = 9, ProvinceColumns = 8, West = 88, South = 24;
    const int ProvinceCellsX = CountiesPerCity * 4 * 3, ProvinceCellsY = CitiesPerProvince * 3 * 3;

    readonly int _provinces;

    ScaleArea(int provinces, IReadOnlyList<string> counties) => (_provinces, CountyCodes) = (provinces, counties);

    public static readonly ScaleArea Ordos = new(0, OrdosCounties);

    /// <summary>The first <paramref name="provinces"/> (1-31) provinces of the national grid.</summary>
    public static ScaleArea National(int provinces)
    {
        if (provinces is < 1 or > 31) throw new ArgumentOutOfRangeException(nameof(provinces), "1 to 31 provinces.");
        var counties = new List<string>();
        for (var p = 0; p < provinces; p++)
            for (var c = 1; c <= CitiesPerProvince; c++)
                for (var k = 1; k <= CountiesPerCity; k++)
                    counties.Add(FormattableString.Invariant($"{ProvinceCodes[p]}{c:D2}{k:D2}"));
        return new ScaleArea(provinces, counties);
    }

    public bool IsNational => _provinces > 0;

    public int Provinces => _provinces;

    /// <summary>The units the generated subsidy and compliance policies are made for: each province, or Inner Mongolia.</summary>
    public IReadOnlyList<string> PolicyRegions => IsNational ? [.. ProvinceCodes.Take(_provinces)] : ["15"];

    /// <summary>The county codes features and households are spread over.</summary>
    public IReadOnlyList<string> CountyCodes { get; }

    /// <summary>A county drawn at random (one draw, as the Ordos generator always drew its banner).</summary>
    internal int County(DemoRandom r) => r.Int(0, CountyCodes.Count - 1);

    /// <summary>A random position: anywhere in the Ordos box, or in a random county of the grid.</summary>
    internal Coordinate Position(DemoRandom r) =>
        IsNational ? Position(r, County(r))
        : new(Math.Round(r.Range(ScaleGenerator.MinLon + 0.05, ScaleGenerator.MaxLon - 0.05), 6), Math.Round(r.Range(ScaleGenerator.MinLat + 0.05, ScaleGenerator.MaxLat - 0.05), 6));

    /// <summary>A random position inside county <paramref name="county"/> (an index of <see cref="CountyCodes"/>), off its edges.</summary>
    internal Coordinate Position(DemoRandom r, int county)
    {
        var (x0, y0) = CountyCell(county);
        return new(Math.Round(X(x0) + r.Range(0.01, 12.0 / CellsPerDegreeX - 0.01), 6), Math.Round(Y(y0) + r.Range(0.01, 9.0 / CellsPerDegreeY - 0.01), 6));
    }

    /// <summary>The origin village of a household in county <paramref name="county"/>: a village of the grid, or an Ordos village code.</summary>
    internal string OriginVillage(DemoRandom r, int county) =>
        IsNational ? FormattableString.Invariant($"{CountyCodes[county]}{r.Int(1, TownshipsPerCounty):D3}{r.Int(1, VillagesPerTownship):D3}")
        : FormattableString.Invariant($"{CountyCodes[county]}{r.Int(1, 400):D4}");

    /// <summary>Every unit, parents before children: provinces, cities, counties, townships, villages (rectangles of the grid).</summary>
    public IEnumerable<IFeature> AdminUnits()
    {
        if (!IsNational) yield break;
        for (var p = 0; p < _provinces; p++)
        {
            var (px, py) = ProvinceCell(p);
            yield return Unit(ProvinceCodes[p], $"省{ProvinceCodes[p]}", "province", null, px, py, ProvinceCellsX, ProvinceCellsY);
        }
        foreach (var level in new[] { "city", "county", "township", "village" })
            for (var p = 0; p < _provinces; p++)
                foreach (var u in ProvinceUnits(p, level)) yield return u;
    }

    /// <summary>One origin settlement per village, at the village's centre, coded as the village.</summary>
    public IEnumerable<IFeature> Settlements()
    {
        if (!IsNational) yield break;
        for (var p = 0; p < _provinces; p++)
            foreach (var v in ProvinceUnits(p, "village"))
            {
                var code = (string)v.Attributes["code"];
                yield return GeoJsonIO.Feature(v.Geometry.Centroid, [new("code", code), new("name", "村" + code), new("unit_code", code)]);
            }
    }

    IEnumerable<IFeature> ProvinceUnits(int p, string level)
    {
        var (px, py) = ProvinceCell(p);
        for (var c = 0; c < CitiesPerProvince; c++)
        {
            var city = FormattableString.Invariant($"{ProvinceCodes[p]}{c + 1:D2}");
            if (level == "city") { yield return Unit(city, "市" + city, "city", ProvinceCodes[p], px, py + c * 9, ProvinceCellsX, 9); continue; }
            for (var k = 0; k < CountiesPerCity; k++)
            {
                var county = FormattableString.Invariant($"{city}{k + 1:D2}");
                var (kx, ky) = (px + k * 12, py + c * 9);
                if (level == "county") { yield return Unit(county, "县" + county, "county", city, kx, ky, 12, 9); continue; }
                for (var t = 0; t < TownshipsPerCounty; t++)
                {
                    var township = FormattableString.Invariant($"{county}{t + 1:D3}");
                    var (tx, ty) = (kx + t % 4 * 3, ky + t / 4 * 3);
                    if (level == "township") { yield return Unit(township, "乡" + township, "township", county, tx, ty, 3, 3); continue; }
                    for (var v = 0; v < VillagesPerTownship; v++)
                    {
                        var village = FormattableString.Invariant($"{township}{v + 1:D3}");
                        yield return Unit(village, "村" + village, "village", township, tx + v % 3, ty + v / 3, 1, 1);
                    }
                }
            }
        }
    }

    static (int X, int Y) ProvinceCell(int p) => (p % ProvinceColumns * ProvinceCellsX, p / ProvinceColumns * ProvinceCellsY);

    (int X, int Y) CountyCell(int county)
    {
        var (p, rest) = Math.DivRem(county, CitiesPerProvince * CountiesPerCity);
        var (px, py) = ProvinceCell(p);
        return (px + rest % CountiesPerCity * 12, py + rest / CountiesPerCity * 9);
    }

    static double X(int cell) => West + (double)cell / CellsPerDegreeX;

    static double Y(int cell) => South + (double)cell / CellsPerDegreeY;

    static IFeature Unit(string code, string name, string level, string? parent, int x, int y, int w, int h)
    {
        var (x0, y0, x1, y1) = (Math.Round(X(x), 6), Math.Round(Y(y), 6), Math.Round(X(x + w), 6), Math.Round(Y(y + h), 6));
        var ring = Factory.CreatePolygon([new(x0, y0), new(x1, y0), new(x1, y1), new(x0, y1), new(x0, y0)]);
        var props = new List<KeyValuePair<string, object?>> { new("code", code), new("name", name), new("level", level) };
        if (parent is not null) props.Add(new("parent_code", parent));
        return GeoJsonIO.Feature(Factory.CreateMultiPolygon([ring]), props);
    }
}
