namespace RelocationPlanner.Core.Features;

/// <summary>Rules between a feature's fields that a single property's type cannot say.</summary>
public static class FeatureRules
{
    public static IEnumerable<FieldError> Check(CollectionSpec collection, IReadOnlyDictionary<string, object?> v, NetTopologySuite.Geometries.Geometry geometry)
    {
        // Each pair of the dates present is in order, whichever of the three are given.
        var planned = v.GetValueOrDefault("planned_on") as DateOnly?;
        var started = v.GetValueOrDefault("started_on") as DateOnly?;
        var completed = v.GetValueOrDefault("completed_on") as DateOnly?;
        if (started < planned)
            yield return new("properties.started_on", Rules.DatesInOrder, "started_on is before planned_on.");
        if (completed < started)
            yield return new("properties.completed_on", Rules.DatesInOrder, "completed_on is before started_on.");
        else if (started is null && completed < planned)
            yield return new("properties.completed_on", Rules.DatesInOrder, "completed_on is before planned_on.");
        if (completed is not null && v.TryGetValue("status", out var status) && (string?)status != "completed")
            yield return new("properties.completed_on", "status_dates", "Only completed work has a completed_on date.");

        if (collection == Collections.Settlements && v["population"] is int people && v["households"] is int households && people < households)
            yield return new("properties.households", "people_ge_households", $"households ({households}) exceeds population ({people}).");

        if (collection == Collections.Sites)
        {
            var type = (string?)v["site_type"];
            if (type == "centralized")
            {
                if (geometry is not NetTopologySuite.Geometries.Polygon)
                    yield return new("geometry.type", "site_shape", "A centralized site is drawn as a Polygon.");
                if (v["separate_kind"] is not null)
                    yield return new("properties.separate_kind", "site_shape", "separate_kind is only for separate sites.");
                if (v["capacity_households"] is not int cap || cap < 1)
                    yield return new("properties.capacity_households", "required", "A centralized site needs capacity_households >= 1.");
            }
            else if (type == "separate")
            {
                if (geometry is not NetTopologySuite.Geometries.Point)
                    yield return new("geometry.type", "site_shape", "A separate (one household) site is a Point.");
                if (v["separate_kind"] is null)
                    yield return new("properties.separate_kind", "required", "A separate site needs separate_kind: self_built or purchased.");
            }
        }

        if (collection == Collections.AdminUnits && v["parent_code"] is string parent && parent == (string?)v["code"])
            yield return new("properties.parent_code", "parent_self", "A unit cannot be its own parent.");
        if (collection == Collections.AdminUnits && v["level"] is string level && level != "province" && v["parent_code"] is null)
            yield return new("properties.parent_code", "required", $"A {level} needs a parent_code.");
    }
}
