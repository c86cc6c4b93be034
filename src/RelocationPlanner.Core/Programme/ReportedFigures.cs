using System.Globalization;
using System.Text.RegularExpressions;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Programme;

/// <summary>
/// One figure a unit reported upward, as reported: the value as written (<see cref="ValueText"/>,
/// whose last printed digit says how precise it is) and its source. <see cref="Row"/> is the line of
/// the file being imported, or null for a figure stored by an earlier import.
/// </summary>
public sealed record ReportedFigure(long? Row, string UnitCode, int YearFrom, int YearTo, string Indicator, decimal Value, string ValueText, string Unit, string Source)
{
    /// <summary>The year or period as written: 2012, or 2011-2015.</summary>
    public string Year => YearFrom == YearTo ? YearFrom.ToString(CultureInfo.InvariantCulture) : $"{YearFrom}-{YearTo}";

    /// <summary>Half a unit of the last digit printed after the decimal point (152.38: 0.005; 25: 0.5).</summary>
    public decimal PrintedHalfUnit
    {
        get
        {
            var dot = ValueText.IndexOf('.');
            var decimals = dot < 0 ? 0 : ValueText.Length - dot - 1;
            var unit = 1m;
            for (var i = 0; i < decimals; i++) unit /= 10;
            return unit / 2;
        }
    }
}

/// <summary>The statistics CSV: <c>unit_code,year,indicator,value,unit,source</c>, all rows or none.</summary>
public static partial class ReportedFigureCsv
{
    public static readonly IReadOnlyList<string> Header = ["unit_code", "year", "indicator", "value", "unit", "source"];

    [GeneratedRegex("^(?<from>[0-9]{4})(-(?<to>[0-9]{4}))?$")]
    private static partial Regex YearPattern();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex IndicatorPattern();

    [GeneratedRegex("^[0-9]{1,15}(\\.[0-9]{1,6})?$")]
    private static partial Regex ValuePattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex UnitCodePattern();

    public static RowError? CheckHeader(IReadOnlyList<string>? fields) =>
        fields is not null && fields.Select(f => f.Trim().TrimStart('\uFEFF')).SequenceEqual(Header)
            ? null
            : new RowError(1, "header", "header", $"The first line must be exactly: {string.Join(',', Header)}");

    /// <summary>One record; null with the errors when refused.</summary>
    public static (ReportedFigure? Figure, List<RowError> Errors) Parse(long line, IReadOnlyList<string> f)
    {
        var e = new List<RowError>();
        if (f.Count != Header.Count) return (null, [new RowError(line, "$", Rules.ColumnCount, $"Expected {Header.Count} columns, found {f.Count}.")]);
        var (unit, year, indicator, value, measure, source) = (f[0].Trim(), f[1].Trim(), f[2].Trim(), f[3].Trim(), f[4].Trim(), f[5].Trim());
        if (!UnitCodePattern().IsMatch(unit)) e.Add(new RowError(line, "unit_code", Rules.CodeFormat, "unit_code is the reporting unit's code (letters, digits, '_', '.', '-')."));
        int from = 0, to = 0;
        var y = YearPattern().Match(year);
        if (!y.Success) e.Add(new RowError(line, "year", Rules.Year, "year is a year (2012) or a period (2011-2015)."));
        else
        {
            from = int.Parse(y.Groups["from"].Value, CultureInfo.InvariantCulture);
            to = y.Groups["to"].Success ? int.Parse(y.Groups["to"].Value, CultureInfo.InvariantCulture) : from;
            if (from < 1900 || to > 2200 || to < from) e.Add(new RowError(line, "year", Rules.Year, "The years are 1900-2200, a period's end not before its start."));
        }
        if (!IndicatorPattern().IsMatch(indicator)) e.Add(new RowError(line, "indicator", Rules.NameFormat, "indicator is lower_snake_case, e.g. relocated_households."));
        if (!ValuePattern().IsMatch(value))
            e.Add(new RowError(line, "value", Rules.Number, "value is a number written with digits and at most one decimal point (no sign, exponent or separators)."));
        if (measure.Length is 0 or > 64) e.Add(new RowError(line, "unit", Rules.Required, "unit is what the value counts (households, people, yuan, km, wells...), at most 64 characters."));
        else if (Indicators.ExpectedUnit(indicator) is { } expected && measure != expected)
            e.Add(new RowError(line, "unit", Rules.IndicatorUnit, $"{indicator} is counted in {expected}, not {measure}."));
        if (source.Length is 0 or > 500) e.Add(new RowError(line, "source", Rules.Required, "source names where the figure comes from (at most 500 characters)."));
        if (e.Count == 0 && Indicators.IsWhole(indicator) && value.Contains('.'))
            e.Add(new RowError(line, "value", Rules.Integer, $"{indicator} is a whole number."));
        if (e.Count > 0) return (null, e);
        return (new ReportedFigure(line, unit, from, to, indicator, decimal.Parse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), value, measure, source), e);
    }
}
