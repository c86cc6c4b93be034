using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using RelocationPlanner.Api.Tests.Cli;
using RelocationPlanner.Api.Tests.Registry;

namespace RelocationPlanner.Api.Tests.Export;

/// <summary>
/// A name that a spreadsheet would run as a formula reaches every CSV (feature export, report,
/// from the service and from rp) as text, with a leading quote; XLSX holds it as an inline string.
/// </summary>
public class CsvInjectionTests(CsvInjectionTests.Fixture f) : IClassFixture<CsvInjectionTests.Fixture>
{
    const string Attack = "=cmd|' /C calc'!A0";
    const string Neutralised = "\"'=cmd|' /C calc'!A0\"";

    public sealed class Fixture : RegistryFixture
    {
        protected override async Task SeedAsync()
        {
            Check(await PostGeoJson("/api/admin_units", Geo.Feature(Geo.Square(108.2, 39.6, 0.2),
                new() { ["code"] = "150699", ["name"] = Attack, ["level"] = "county", ["parent_code"] = "1506" })));
            Check(await PostGeoJson("/api/wells", Geo.Feature(Geo.Point(108.3, 39.7),
                new() { ["code"] = "W-ATTACK", ["name"] = Attack, ["well_type"] = "hand_pumped", ["status"] = "completed" })));
            Check(await PostGeoJson("/api/power_lines", Geo.Feature(Geo.Line((108.25, 39.65), (108.35, 39.75)),
                new() { ["code"] = "-PL1", ["name"] = "+lines", ["voltage_kv"] = 10.5, ["status"] = "planned" })));
            Check(await PostCsv(CsvHeader + "\nINJ1,@head,2,150699,,,separate_self_built,2016-05-01,2016-09-01,2016-10-01\n"));
        }

        static void Check(HttpResponseMessage r)
        {
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)r.StatusCode} {r.Content.ReadAsStringAsync().Result}");
        }
    }

    static string Line(string csv, string contains) => csv.Split("\r\n").Single(l => l.Contains(contains, StringComparison.Ordinal));

    [Fact]
    public async Task Feature_csv_exports_from_the_service_and_from_rp_neutralise_text_but_keep_numbers()
    {
        var service = await f.Http.GetStringAsync("/api/wells/export?format=csv");
        Assert.Contains(Neutralised, Line(service, "W-ATTACK"));
        // Read back as a spreadsheet would read the fields: text with its quote, the number as it was.
        using var lines = CsvReader.Create(await f.Http.GetByteArrayAsync("/api/power_lines/export?format=csv"));
        Assert.True(lines.Read());
        Assert.Equal("'-PL1", lines.GetString("code"));
        Assert.Equal("'+lines", lines.GetString("name"));
        Assert.Equal("10.5", lines.GetString("voltage_kv"));
        Assert.StartsWith("LINESTRING (108.25 39.65,", lines.GetString("WKT"));

        var file = Path.Combine(Path.GetTempPath(), $"rp-wells-{Guid.NewGuid():N}.csv");
        try
        {
            var rp = await Rp.RunAsync(f.Service.ConnectionString, "export", "wells", "--format", "csv", "-o", file);
            Assert.True(rp.Code == 0, rp.Err);
            Assert.Contains(Neutralised, Line(await File.ReadAllTextAsync(file), "W-ATTACK"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Report_csv_from_the_service_and_from_rp_neutralise_names_and_xlsx_keeps_them_as_text()
    {
        var service = await f.Http.GetStringAsync("/api/reports/settled-rates?level=county&as_of=2017-01-01&format=csv");
        Assert.StartsWith("150699," + Neutralised + ",1,2,1,1,1,1,1", Line(service, "150699"));
        var rp = await Rp.RunAsync(f.Service.ConnectionString, "report", "settled-rates", "--level", "county", "--as-of", "2017-01-01", "--format", "csv");
        Assert.True(rp.Code == 0, rp.Err);
        Assert.Equal(Line(service, "150699"), Line(rp.Out, "150699"));

        var xlsx = await f.Http.GetByteArrayAsync("/api/reports/settled-rates?level=county&as_of=2017-01-01&format=xlsx");
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var sheet = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
        Assert.Empty(sheet.Descendants<CellFormula>());
        var name = sheet.Descendants<Row>().Select(r => r.Elements<Cell>().ToList()).Single(c => c[0].InnerText == "150699")[1];
        Assert.Equal(CellValues.InlineString, name.DataType!.Value);
        Assert.Equal(Attack, name.InnerText);
    }
}
