using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using RelocationPlanner.Data.Tables;
using static RelocationPlanner.Data.Tables.TableColumn;

namespace RelocationPlanner.Data.Tests.Tables;

public class TableWriterTests
{
    const string Attack = "=cmd|' /C calc'!A0";

    static readonly ReportTable Hostile = new("hostile",
        [Text("name"), Money("amount"), Km("km"), Count("n"), Date("day")],
        [
            [Attack, -5.00m, -0.5, -3L, new DateOnly(2017, 7, 31)],
            ["+1+1", 1234567.89m, 12.345678901234567, 3920L, null],
            ["-2", 0.00m, 0.0, 0L, null],
            ["@SUM(A1)", 1m, 1.0, 1L, null],
            ["\tTAB", 1m, 1.0, 1L, null],
            ["\rCR", 1m, 1.0, 1L, null],
            ["达拉特旗, \"quoted\"", 60000.00m, 1.0, 1L, null],
        ]);

    static async Task<string> Csv(ReportTable t, bool bom = true)
    {
        using var ms = new MemoryStream();
        await TableWriter.WriteCsvAsync(ms, t, bom, CancellationToken.None);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    [Fact]
    public async Task Text_cells_that_would_start_a_formula_get_a_leading_quote_and_numbers_stay_numbers()
    {
        var csv = await Csv(Hostile);
        Assert.StartsWith("\uFEFFname,amount,km,n,day\r\n", csv);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n");
        Assert.Equal("\"'=cmd|' /C calc'!A0\",-5.00,-0.5,-3,2017-07-31", lines[1]);
        Assert.Equal("\"'+1+1\",1234567.89,12.345678901234567,3920,", lines[2]);
        Assert.Equal("\"'-2\",0.00,0,0,", lines[3]);
        Assert.StartsWith("\"'@SUM(A1)\",", lines[4]);
        Assert.StartsWith("\"'\tTAB\",", lines[5]);
        Assert.StartsWith("\"'\rCR\",", csv.Split("\r\n", 7)[6]);
        Assert.Contains("\"达拉特旗, \"\"quoted\"\"\",60000.00,", csv);
        Assert.Equal('n', (await Csv(Hostile, bom: false))[0]);
    }

    [Fact]
    public async Task A_csv_written_by_another_tool_is_neutralised_in_place_except_its_number_columns()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rp-neutralise-{Guid.NewGuid():N}.csv");
        try
        {
            await File.WriteAllTextAsync(path, "WKT,name,voltage_kv\n\"POINT (-1 2)\",=HYPERLINK(\"x\"),-10.5\n\"POINT (3 4)\",plain,35\n");
            await TableWriter.NeutraliseCsvFileAsync(path, h => h == "voltage_kv", CancellationToken.None);
            var lines = (await File.ReadAllTextAsync(path)).Split("\r\n");
            Assert.Equal("WKT,name,voltage_kv", lines[0]);
            Assert.Equal("POINT (-1 2),\"'=HYPERLINK(\"\"x\"\")\",-10.5", lines[1]);
            Assert.Equal("POINT (3 4),plain,35", lines[2]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Xlsx_text_cells_are_inline_strings_never_formulas_and_numbers_are_numbers()
    {
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms, [Hostile], TableLabels.Chinese, DateTimeOffset.Now);
        ms.Position = 0;
        using var doc = SpreadsheetDocument.Open(ms, false);
        var sheet = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
        Assert.Empty(sheet.Descendants<CellFormula>());
        var first = sheet.Descendants<Row>().Single(r => r.RowIndex! == XlsxWriter.HeaderRow + 1).Elements<Cell>().ToList();
        Assert.Equal(CellValues.InlineString, first[0].DataType!.Value);
        Assert.Equal(Attack, first[0].InlineString!.InnerText);
        Assert.Equal(CellValues.Number, first[1].DataType!.Value);
        Assert.Equal("-5.00", first[1].CellValue!.Text);
        Assert.Equal("2017-07-31", first[4].InlineString!.InnerText);
    }

    [Fact]
    public void The_totals_row_sums_counts_money_and_km_and_divides_the_totals_for_a_rate()
    {
        var t = new ReportTable("t",
            [Text("unit_code"), Count("households"), Count("moved_in"), Ratio("moved_in_rate", "moved_in", "households"), Money("entitled_total"),
                Km("road_km"), Km("road_km_cumulative").NoTotal(), Rate("demolition_rate")],
            [
                ["a", 3L, 1L, 0.3333m, 0.10m, 1.5, 1.5, 0.5m],
                ["b", 7L, 6L, 0.8571m, 0.20m, 2.25, 3.75, null],
            ]);
        var totals = t.Totals();
        Assert.Equal([null, 10L, 7L, 0.7m, 0.30m, 3.75, null, null], totals);
        Assert.Equal("搬迁安置入住率（旗县级）", XlsxWriter.Title(t with { Report = "settled-rates", Level = "county" }, TableLabels.Chinese));
        Assert.Equal("Settled rates by county", XlsxWriter.Title(t with { Report = "settled-rates", Level = "county" }, TableLabels.English));
        Assert.Equal("住房补助已拨付（元）", TableLabels.Column("component.house.disbursed", TableLabels.Chinese));
        Assert.Equal("House: Disbursed (yuan)", TableLabels.Column("component.house.disbursed", TableLabels.English));
        Assert.Equal("component.a.b.c", TableLabels.Column("component.a.b.c", TableLabels.English));
    }
}
