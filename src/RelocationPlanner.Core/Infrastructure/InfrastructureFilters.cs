using System.Globalization;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Infrastructure;

/// <summary>The filters of the infrastructure report, already checked.</summary>
/// <param name="Level">city, county or township.</param>
/// <param name="Status">One of <see cref="Collections.Statuses"/>, or null for all.</param>
/// <param name="Year">Completion year (by completed_on), or null for all.</param>
/// <param name="RoadClass">Narrows the road figures only.</param>
/// <param name="Surface">Narrows the road figures only.</param>
/// <param name="MinVoltageKv">Narrows the power-line figures only (kV, inclusive).</param>
public sealed record ReportFilter(string Level, string? Status, int? Year, string? RoadClass, string? Surface, decimal? MinVoltageKv);

/// <summary>Months of the monthly report, inclusive, as first days of months; null for open ends.</summary>
public sealed record MonthRange(DateOnly? From, DateOnly? To);

/// <summary>
/// Parses and checks the query strings of the infrastructure endpoints; every problem is a
/// <see cref="FieldError"/> naming the query parameter at fault.
/// </summary>
public static class InfrastructureFilters
{
    /// <summary>The unit levels reports roll up to (the parts table holds these).</summary>
    public static readonly string[] Levels = ["city", "county", "township"];

    public const int MinYear = 1949;
    public const int MaxYear = 2100;

    /// <summary>Default and largest service distance of a site, metres.</summary>
    public const double DefaultServiceM = 2000, MaxServiceM = 50_000;

    static readonly string[] RoadClasses = Collections.Roads.Property("road_class")!.Allowed!;
    static readonly string[] Surfaces = Collections.Roads.Property("surface")!.Allowed!;

    public static (ReportFilter? Filter, List<FieldError> Errors) Report(
        string? level, string? status, string? year, string? roadClass, string? surface, string? minVoltageKv)
    {
        var errors = new List<FieldError>();
        var lv = Level(level, errors);
        var st = OneOf("status", status, Collections.Statuses, errors);
        var y = Year(year, errors);
        var rc = OneOf("road_class", roadClass, RoadClasses, errors);
        var sf = OneOf("surface", surface, Surfaces, errors);
        decimal? kv = null;
        if (!string.IsNullOrEmpty(minVoltageKv))
        {
            if (!decimal.TryParse(minVoltageKv, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) || v <= 0 || v > 99999)
                errors.Add(new("min_voltage_kv", Rules.Number, "min_voltage_kv must be a positive number of kilovolts (at most 99999)."));
            else kv = v;
        }
        return errors.Count > 0 ? (null, errors) : (new ReportFilter(lv!, st, y, rc, sf, kv), errors);
    }

    /// <summary>The level parameter: required, one of <see cref="Levels"/>.</summary>
    public static string? Level(string? level, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(level))
        {
            errors.Add(new("level", Rules.Required, $"level is required: one of {string.Join(", ", Levels)}."));
            return null;
        }
        return OneOf("level", level, Levels, errors);
    }

    public static int? Year(string? year, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(year)) return null;
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y < MinYear || y > MaxYear)
        {
            errors.Add(new("year", Rules.Range, $"year must be a whole year from {MinYear} to {MaxYear}."));
            return null;
        }
        return y;
    }

    /// <summary>from/to of the monthly report: YYYY-MM, from not after to.</summary>
    public static MonthRange Months(string? from, string? to, List<FieldError> errors)
    {
        var f = Month("from", from, errors);
        var t = Month("to", to, errors);
        if (f is not null && t is not null && f > t)
            errors.Add(new("from", Rules.Order, "from must not be after to."));
        return new MonthRange(f, t);
    }

    static DateOnly? Month(string field, string? value, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (!DateOnly.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) || d.Year < MinYear || d.Year > MaxYear)
        {
            errors.Add(new(field, Rules.Month, $"{field} must be a month written YYYY-MM, years {MinYear} to {MaxYear}."));
            return null;
        }
        return d;
    }

    /// <summary>Service distance in metres: default 2000, from 0 to 50 km.</summary>
    public static double ServiceDistance(string? value, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value)) return DefaultServiceM;
        if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m) || !double.IsFinite(m) || m < 0 || m > MaxServiceM)
        {
            errors.Add(new("service_m", Rules.Range, $"service_m must be a distance in metres from 0 to {MaxServiceM}."));
            return DefaultServiceM;
        }
        return m;
    }

    static string? OneOf(string field, string? value, string[] allowed, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (Array.IndexOf(allowed, value) >= 0) return value;
        errors.Add(new(field, Rules.Enum, $"{field} must be one of {string.Join(", ", allowed)}."));
        return null;
    }
}
