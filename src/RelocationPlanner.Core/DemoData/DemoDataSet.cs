using NetTopologySuite.Features;
using System.Globalization;

namespace RelocationPlanner.Core.DemoData;

/// <summary>The generated demo layers, in the order and under the file names they are written.</summary>
public sealed record DemoDataSet(
    IReadOnlyList<IFeature> AdminUnits,
    IReadOnlyList<IFeature> Towns,
    IReadOnlyList<IFeature> Settlements,
    IReadOnlyList<IFeature> Sites,
    IReadOnlyList<IFeature> Roads,
    IReadOnlyList<IFeature> Wells,
    IReadOnlyList<IFeature> PowerLines)
{
    /// <summary>Layer name (= file name without .geojson) and its features.</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<IFeature> Features)> Layers =>
    [
        ("admin_units", AdminUnits), ("towns", Towns), ("settlements", Settlements), ("sites", Sites),
        ("roads", Roads), ("wells", Wells), ("power_lines", PowerLines),
    ];
}

/// <summary>Status and ISO dates of a piece of infrastructure, consistent with each other.</summary>
internal static class DemoLifecycle
{
    public const string Planned = "planned";
    public const string UnderConstruction = "under_construction";
    public const string Completed = "completed";

    /// <summary>About 75 % completed, as most 2016 programme works were by 2018.</summary>
    public static string Status(DemoRandom rng) =>
        rng.Weighted((Completed, 0.75), (UnderConstruction, 0.15), (Planned, 0.10));

    /// <summary>
    /// status, planned_on, started_on, completed_on: dates from 2014 to 2018; a planned item has
    /// only planned_on, one under construction has no completed_on.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, object?>> Props(DemoRandom rng)
    {
        var status = Status(rng);
        DateOnly planned, started = default, completed = default;
        switch (status)
        {
            case Completed:
                planned = rng.Date(new(2014, 1, 1), new(2016, 12, 31));
                started = planned.AddDays(rng.Int(30, 240));
                completed = started.AddDays(rng.Int(60, 540));
                break;
            case UnderConstruction:
                planned = rng.Date(new(2016, 1, 1), new(2017, 12, 31));
                started = planned.AddDays(rng.Int(30, 360));
                break;
            default:
                planned = rng.Date(new(2017, 6, 1), new(2018, 12, 31));
                break;
        }

        yield return new("status", status);
        yield return new("planned_on", Iso(planned));
        yield return new("started_on", status == Planned ? null : Iso(started));
        yield return new("completed_on", status == Completed ? Iso(completed) : null);
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
