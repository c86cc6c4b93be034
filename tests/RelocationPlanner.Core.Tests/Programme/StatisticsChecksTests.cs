using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;

namespace RelocationPlanner.Core.Tests.Programme;

/// <summary>
/// The data-quality rules on the year-book example (data/examples/statistics-yearbook-2012.csv):
/// every relocation inconsistency the year-book's own figures have is a warning naming its rule,
/// and the figures that do add up (to their printed precision) are left alone.
/// </summary>
public class StatisticsChecksTests
{
    static readonly string Example = Path.Combine(RepoRoot(), "data", "examples", "statistics-yearbook-2012.csv");

    static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "RelocationPlanner.sln"))) return d.FullName;
        throw new InvalidOperationException("RelocationPlanner.sln not found above the test's folder.");
    }

    static async Task<List<ReportedFigure>> ReadExampleAsync()
    {
        using var reader = new StreamReader(Example);
        await using var csv = CsvHelper.CsvReader.Create(reader, CsvHelper.CsvReaderOptions.Default with { Separator = ',', HasHeader = false, TrackLineNumbers = true }, false);
        Assert.True(await csv.ReadAsync());
        Assert.Null(ReportedFigureCsv.CheckHeader(csv.Current.ToArray()));
        var figures = new List<ReportedFigure>();
        while (await csv.ReadAsync())
        {
            var (figure, errors) = ReportedFigureCsv.Parse(csv.LineNumber, csv.Current.ToArray());
            Assert.True(figure is not null, $"line {csv.LineNumber}: {string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}"))}");
            figures.Add(figure!);
        }
        return figures;
    }

    static async Task<(List<ReportedFigure> Figures, List<RowError> Warnings)> CheckExampleAsync()
    {
        var figures = await ReadExampleAsync();
        return (figures, StatisticsChecks.Check(figures, new HashSet<string> { "15" }));
    }

    /// <summary>The warnings of one rule on the rows of one unit, by the indicator of the row they are on.</summary>
    static List<string> On(List<ReportedFigure> figures, List<RowError> warnings, string unit, string rule) =>
        [.. warnings.Where(w => w.Rule == rule).Select(w => figures.Single(f => f.Row == w.Row)).Where(f => f.UnitCode == unit).Select(f => f.Indicator)];

    [Fact]
    public async Task The_example_keeps_every_figure_and_no_quote()
    {
        var figures = await ReadExampleAsync();
        Assert.Equal(288, figures.Count);
        Assert.All(figures, f => Assert.StartsWith("2012 provincial poverty-alleviation year-book, ", f.Source));
        Assert.DoesNotContain("quote", await File.ReadAllTextAsync(Example));
    }

    [Fact]
    public async Task Fujian_has_more_households_than_people_and_investment_parts_that_do_not_add_up()
    {
        var (f, w) = await CheckExampleAsync();
        Assert.Equal(["relocated_people"], On(f, w, "35", Rules.PeopleGeHouseholds));
        Assert.Equal(["relocation_investment_total"], On(f, w, "35", Rules.PartsSumToTotal));
        var parts = w.Single(x => x.Rule == Rules.PartsSumToTotal && f.Single(y => y.Row == x.Row).UnitCode == "35");
        Assert.Contains("6,255,000,000", parts.Message);
        Assert.Contains("7,013,000,000", parts.Message);
    }

    [Fact]
    public async Task Ningxia_plans_more_labour_migration_households_than_people()
    {
        var (f, w) = await CheckExampleAsync();
        Assert.Equal(["labor_migration_people_planned"], On(f, w, "64", Rules.PeopleGeHouseholds));
        // 86,500 / 350,000 = 24.7 %, printed as 25 %: within its rounding, not a finding.
        Assert.Empty(On(f, w, "64", Rules.RateMatchesParts));
    }

    [Fact]
    public async Task Chongqing_reports_two_values_for_its_relocated_people()
    {
        var (f, w) = await CheckExampleAsync();
        Assert.Equal(["relocated_people", "relocated_people"], On(f, w, "50", Rules.OneValuePerUnitYear));
        Assert.Contains("120,000", w.First(x => x.Rule == Rules.OneValuePerUnitYear && f.Single(y => y.Row == x.Row).UnitCode == "50").Message);
    }

    [Fact]
    public async Task Liaoning_pays_more_per_household_than_the_totals_hold()
    {
        var (f, w) = await CheckExampleAsync();
        // 25,000 x 3,733 = 93.3 m > 76.12 m; 15,000 x 3,733 = 56.0 m > 49.5 m of financial funds.
        Assert.Equal(["relocation_housing_subsidy_per_household", "relocation_housing_subsidy_per_household_provincial"],
            On(f, w, "21", Rules.PerHouseholdPlausible).Order(StringComparer.Ordinal));
        // 15,000 + 10,000 = 25,000 per household: that breakdown adds up.
        Assert.Empty(On(f, w, "21", Rules.PartsSumToTotal));
    }

    [Fact]
    public async Task Xinjiang_households_by_form_of_settlement_do_not_add_up_but_its_people_do()
    {
        var (f, w) = await CheckExampleAsync();
        Assert.Equal(["relocated_households"], On(f, w, "65", Rules.PartsSumToTotal));
        Assert.Contains("5,300", w.Single(x => x.Rule == Rules.PartsSumToTotal && f.Single(y => y.Row == x.Row).UnitCode == "65").Message);
    }

    [Fact]
    public async Task Guizhou_rate_does_not_match_its_parts_to_the_printed_decimals()
    {
        var (f, w) = await CheckExampleAsync();
        Assert.Equal(["relocation_completion_rate"], On(f, w, "52", Rules.RateMatchesParts));
        Assert.Contains("152.33%", w.Single(x => x.Rule == Rules.RateMatchesParts).Message);
    }

    [Fact]
    public async Task Figures_that_add_up_to_their_precision_are_not_flagged()
    {
        var (f, w) = await CheckExampleAsync();
        // Henan: 195 + 80.73 + 243 + 882 = 1,400.73 m against "1.4 billion"; Shaanxi's regions add up exactly.
        Assert.Empty(On(f, w, "41", Rules.PartsSumToTotal));
        Assert.Empty(On(f, w, "61", Rules.PartsSumToTotal));
        Assert.Empty(On(f, w, "61", Rules.PeopleGeHouseholds));
        // Every unit but the one the registry holds is named once.
        Assert.Equal(28, w.Count(x => x.Rule == Rules.UnitNotRegistered));
    }

    [Fact]
    public void Stored_figures_take_part_but_only_the_new_rows_carry_warnings()
    {
        var stored = new ReportedFigure(null, "35", 2012, 2012, "relocated_households", 404000, "404000", "households", "earlier");
        var fresh = new ReportedFigure(7, "35", 2012, 2012, "relocated_people", 160800, "160800", "people", "now");
        var again = new ReportedFigure(8, "35", 2012, 2012, "relocated_households", 404000, "404000", "households", "now");
        var w = StatisticsChecks.Check([stored, fresh, again], new HashSet<string> { "35" });
        Assert.Equal([(8L, Rules.OneValuePerUnitYear)], w.Select(x => (x.Row, x.Rule)));
        // Without the repeat, the people row is checked against the stored households.
        w = StatisticsChecks.Check([stored, fresh], new HashSet<string> { "35" });
        Assert.Equal([(7L, Rules.PeopleGeHouseholds)], w.Select(x => (x.Row, x.Rule)));
    }

    [Theory]
    [InlineData("35,2012,relocated_households,12.5,households,x", "value", Rules.Integer)]
    [InlineData("35,2012,relocated_households,-5,households,x", "value", Rules.Number)]
    [InlineData("35,2012,relocated_households,1e5,households,x", "value", Rules.Number)]
    [InlineData("35,2012,relocated_households,5,people,x", "unit", Rules.IndicatorUnit)]
    [InlineData("35,12,relocated_households,5,households,x", "year", Rules.Year)]
    [InlineData("35,2015-2011,relocated_households,5,households,x", "year", Rules.Year)]
    [InlineData("35,2012,Relocated Households,5,households,x", "indicator", Rules.NameFormat)]
    [InlineData("35,2012,relocated_households,5,households,", "source", Rules.Required)]
    public void Malformed_rows_are_refused_naming_the_column(string line, string field, string rule)
    {
        var (figure, errors) = ReportedFigureCsv.Parse(2, line.Split(','));
        Assert.Null(figure);
        Assert.Contains(errors, e => e.Field == field && e.Rule == rule);
    }
}
