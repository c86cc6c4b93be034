using System.Text.Json;
using NetTopologySuite.Geometries;
using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Tests.Registry;

/// <summary>Money, dates and CSV text at their edges.</summary>
public class StrictValuesTests
{
    static (decimal? Value, string? Error) Money(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Core.Registry.Money.Read(doc.RootElement);
    }

    [Theory]
    [InlineData("\"100\"", "100.00")]
    [InlineData("\"100.5\"", "100.50")]
    [InlineData("\"-0.01\"", "-0.01")]
    [InlineData("60000.00", "60000.00")]
    [InlineData("12.3", "12.30")]
    [InlineData("\"999999999999.99\"", "999999999999.99")]
    public void Exact_amounts_are_read(string json, string expected)
    {
        var (v, error) = Money(json);
        Assert.Null(error);
        Assert.Equal(expected, Core.Registry.Money.Format(v!.Value));
    }

    [Theory]
    [InlineData("\"1e2\"")]
    [InlineData("1e2")]
    [InlineData("1.5E1")]
    [InlineData("\" 100.00 \"")]
    [InlineData("\"+5.00\"")]
    [InlineData("\"100.001\"")]
    [InlineData("100.001")]
    [InlineData("\"1,000.00\"")]
    [InlineData("\".5\"")]
    [InlineData("\"5.\"")]
    [InlineData("\"١٠٠\"")]
    [InlineData("\"1000000000000.00\"")]
    [InlineData("\"\"")]
    [InlineData("true")]
    public void Anything_else_is_refused(string json) => Assert.NotNull(Money(json).Error);

    static readonly Point At = new(108.1, 38.6) { SRID = 4326 };

    static Dictionary<string, object?> Work(string? planned, string? started, string? completed, string status = "completed") => new()
    {
        ["planned_on"] = planned is null ? null : DateOnly.Parse(planned, System.Globalization.CultureInfo.InvariantCulture),
        ["started_on"] = started is null ? null : DateOnly.Parse(started, System.Globalization.CultureInfo.InvariantCulture),
        ["completed_on"] = completed is null ? null : DateOnly.Parse(completed, System.Globalization.CultureInfo.InvariantCulture),
        ["status"] = status,
    };

    [Theory]
    [InlineData("2016-05-01", null, "2016-01-01", "properties.completed_on")]
    [InlineData("2016-05-01", "2016-04-30", null, "properties.started_on")]
    [InlineData(null, "2016-05-01", "2016-04-30", "properties.completed_on")]
    [InlineData("2016-05-01", "2016-06-01", "2016-05-31", "properties.completed_on")]
    public void Work_dates_are_in_order_whichever_are_given(string? planned, string? started, string? completed, string field)
    {
        var error = Assert.Single(FeatureRules.Check(Collections.Wells, Work(planned, started, completed), At));
        Assert.Equal((field, Rules.DatesInOrder), (error.Field, error.Rule));
    }

    [Theory]
    [InlineData("2016-05-01", null, "2016-05-01")]
    [InlineData(null, null, "2016-05-01")]
    [InlineData("2016-05-01", "2016-05-01", "2016-05-01")]
    public void Same_day_dates_are_in_order(string? planned, string? started, string? completed) =>
        Assert.Empty(FeatureRules.Check(Collections.Wells, Work(planned, started, completed), At));
}
