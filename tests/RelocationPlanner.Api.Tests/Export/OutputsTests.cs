using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using RelocationPlanner.Api.Tests.Ogc;
using RelocationPlanner.Data.Tables;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Api.Tests.Export;

/// <summary>
/// The demo's Ordos registry and the outputs an office hands over, against the real service with
/// the demo data as tools/run loads it: the workbook read back with OpenXml, the PDFs read with
/// poppler (text, fonts, page size, the first page rendered).
/// </summary>
[Collection(OgcDemo.Name)]
public sealed class OutputsTests(DemoServiceFixture f)
{
    const string AsOf = "2017-12-31";

    async Task<JsonElement[]> Rows(string url) => [.. (await f.Http.GetFromJsonAsync<JsonElement>(url)).GetProperty("rows").EnumerateArray()];

    static long N(JsonElement e, string p) => e.GetProperty(p).GetInt64();

    [Fact]
    public async Task The_demo_registry_is_the_Ordos_2016_programme_at_its_published_scale()
    {
        var banners = await Rows($"/api/reports/settled-rates?level=county&as_of={AsOf}");
        Assert.Equal(8, banners.Length);
        Assert.Equal(3920, banners.Sum(r => N(r, "households")));
        Assert.Equal(9943, banners.Sum(r => N(r, "people")));
        // 90 % moved in, every other household with its keys (deemed settled); Dalad 83 %, Otog Front 60 %.
        Assert.Equal(3528, banners.Sum(r => N(r, "moved_in")));
        Assert.Equal(3920, banners.Sum(r => N(r, "deemed_settled")));
        Assert.Equal(0.83, banners.Single(r => r.GetProperty("unit_code").GetString() == "150621").GetProperty("moved_in_rate").GetDouble(), 3);
        Assert.Equal(0.6, banners.Single(r => r.GetProperty("unit_code").GetString() == "150623").GetProperty("moved_in_rate").GetDouble(), 3);

        // RMB 60,000 a person; what the report says was paid is what the ledger holds.
        var subsidies = await Rows($"/api/reports/subsidies?level=county&as_of={AsOf}");
        Assert.Equal(9943 * 60_000m, subsidies.Sum(r => r.GetProperty("entitled_total").GetDecimal()));
        var ledger = await f.ScalarAsync<decimal>("SELECT sum(amount) FROM disbursements WHERE paid_on <= '2017-12-31'");
        Assert.Equal(ledger, subsidies.Sum(r => r.GetProperty("disbursed_total").GetDecimal()));
        Assert.True(ledger > 0);
        Assert.Equal(79L, await f.ScalarAsync<long>("SELECT count(*) FROM site_plans"));
        Assert.True(await f.ScalarAsync<long>("SELECT count(*) FROM employment") > 1000);
    }

    static List<Row> SheetRows(byte[] xlsx, out WorkbookPart book)
    {
        var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        book = doc.WorkbookPart!;
        return [.. book.WorksheetParts.Single().Worksheet.Descendants<Row>()];
    }

    static string? Value(Cell c) => c.InlineString?.InnerText ?? c.CellValue?.Text;

    /// <summary>The number format code of a cell, through its style.</summary>
    static string? FormatOf(WorkbookPart book, Cell c)
    {
        var styles = book.WorkbookStylesPart!.Stylesheet;
        var id = styles.CellFormats!.Elements<CellFormat>().ElementAt((int)(c.StyleIndex?.Value ?? 0)).NumberFormatId?.Value ?? 0;
        return styles.NumberingFormats?.Elements<NumberingFormat>().SingleOrDefault(n => n.NumberFormatId! == id)?.FormatCode?.Value;
    }

    [Fact]
    public async Task A_reports_workbook_has_its_title_unit_date_labels_number_formats_and_a_totals_row()
    {
        var url = $"/api/reports/subsidies?level=county&as_of={AsOf}";
        var json = await Rows(url);
        var zh = SheetRows(await f.Http.GetByteArrayAsync(url + "&format=xlsx"), out var book);
        Assert.Equal("补助资金拨付情况（旗县级）", Value(zh[0].Elements<Cell>().Single()));
        Assert.Equal(["单位", "全部"], zh[1].Elements<Cell>().Select(Value));
        Assert.Equal(["截至日期", AsOf], zh[2].Elements<Cell>().Select(Value));
        Assert.Equal("制表时间", Value(zh[3].Elements<Cell>().First()));
        Assert.True(DateTimeOffset.TryParseExact(Value(zh[3].Elements<Cell>().Last()), "yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var made));
        Assert.InRange(made, DateTimeOffset.Now.AddMinutes(-10), DateTimeOffset.Now.AddMinutes(1));

        var header = zh.Single(r => r.RowIndex! == XlsxWriter.HeaderRow).Elements<Cell>().Select(Value).ToList();
        Assert.Equal(["行政区划代码", "单位名称", "户数", "人数", "应补合计（元）", "已拨付合计（元）", "未拨付合计（元）"], header[..7]);
        Assert.Contains("住房补助已拨付（元）", header);
        var body = zh.Where(r => r.RowIndex! > XlsxWriter.HeaderRow).ToList();
        Assert.Equal(json.Length + 1, body.Count);
        var totals = body[^1].Elements<Cell>().ToList();
        Assert.Equal("合计", Value(totals[0]));
        var disbursed = header.IndexOf("已拨付合计（元）");
        var rows = body[..^1].Select(r => r.Elements<Cell>().ToList()).ToList();
        var sum = rows.Sum(r => decimal.Parse(Value(r[disbursed])!, CultureInfo.InvariantCulture));
        Assert.Equal(sum, decimal.Parse(Value(totals[disbursed])!, CultureInfo.InvariantCulture));
        Assert.Equal(json.Sum(r => r.GetProperty("disbursed_total").GetDecimal()), sum);
        Assert.Equal(json.Sum(r => N(r, "people")), long.Parse(Value(totals[header.IndexOf("人数")])!, CultureInfo.InvariantCulture));
        Assert.Equal("#,##0.00", FormatOf(book, rows[0][disbursed]));
        Assert.Equal("#,##0", FormatOf(book, rows[0][header.IndexOf("户数")]));

        // Frozen under the column labels, widths set.
        var sheet = book.WorksheetParts.Single().Worksheet;
        var pane = sheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(XlsxWriter.HeaderRow, pane.VerticalSplit!.Value);
        Assert.True(sheet.Descendants<Column>().Count() >= header.Count);

        // English on request; rates as percentages and the total rate from the totals.
        var en = SheetRows(await f.Http.GetByteArrayAsync($"/api/reports/settled-rates?level=county&as_of={AsOf}&format=xlsx&lang=en"), out var enBook);
        Assert.Equal("Settled rates by county", Value(en[0].Elements<Cell>().Single()));
        var enHeader = en.Single(r => r.RowIndex! == XlsxWriter.HeaderRow).Elements<Cell>().Select(Value).ToList();
        Assert.Equal(["Unit code", "Unit", "Households", "People"], enHeader[..4]);
        var rate = enHeader.IndexOf("Moved-in rate");
        var enTotals = en[^1].Elements<Cell>().ToList();
        Assert.Equal("Total", Value(enTotals[0]));
        Assert.Equal(0.9m, decimal.Parse(Value(enTotals[rate])!, CultureInfo.InvariantCulture));
        Assert.Equal("0.0%", FormatOf(enBook, enTotals[rate]));
    }

    async Task<string> Download(string url, string name)
    {
        var r = await f.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/pdf", r.Content.Headers.ContentType?.MediaType);
        var path = Path.Combine(Path.GetTempPath(), $"rp-{name}-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, await r.Content.ReadAsByteArrayAsync());
        return path;
    }

    static void FontsEmbedded(string pdf)
    {
        var fonts = Poppler.Fonts(pdf);
        Assert.NotEmpty(fonts);
        Assert.All(fonts, x => Assert.True(x.Embedded && x.Unicode, $"{x.Name} {x.Type} not embedded with a ToUnicode map"));
    }

    [Fact]
    public async Task A_reports_pdf_is_an_a4_table_with_totals_a_chart_page_numbers_and_its_glyphs_embedded()
    {
        var pdf = await Download($"/api/reports/subsidies?level=county&as_of={AsOf}&format=pdf", "subsidies");
        var series = await Download("/api/reports/settled-rates/series?unit=150621&from=2016-06-01&to=2017-12-31&format=pdf&lang=en", "series");
        try
        {
            var (w, h) = Poppler.PageSize(pdf);
            Assert.Equal((842, 595), ((int)Math.Round(Math.Max(w, h)), (int)Math.Round(Math.Min(w, h)))); // A4
            var text = Poppler.Text(pdf);
            Assert.Contains("补助资金拨付情况（旗县级）", text);
            Assert.Contains("达拉特旗", text);
            Assert.Contains("合计", text);
            Assert.Contains("596,580,000.00", text); // the entitled total, 9,943 people x 60,000
            Assert.Contains("第 1 页", text);
            FontsEmbedded(pdf);
            Assert.InRange(Poppler.Ink(pdf, "report-subsidies-zh"), 0.01, 0.6);

            var en = Poppler.Text(series);
            Assert.Contains("Settled rates by month", en);
            Assert.Contains("Page 1 of", en);
            Assert.Contains("Moved-in rate", en);
            FontsEmbedded(series);
            Assert.InRange(Poppler.Ink(series, "report-series-en"), 0.01, 0.6);
        }
        finally
        {
            File.Delete(pdf);
            File.Delete(series);
        }
    }

    [Fact]
    public async Task The_wall_map_is_a_landscape_a3_or_a1_pdf_in_chinese_and_refuses_a_bad_size_or_unit()
    {
        var a3 = await Download("/api/maps/wall?unit=150621&size=A3", "wall-a3");
        var a1 = await Download("/api/maps/wall?unit=150621&size=A1", "wall-a1");
        try
        {
            Assert.Equal((1191, 842), Rounded(Poppler.PageSize(a3)));
            Assert.Equal((2384, 1684), Rounded(Poppler.PageSize(a1)));
            var text = Poppler.Text(a3);
            foreach (var s in new[] { "达拉特旗易地扶贫搬迁作战图", "图例", "集中安置点", "道路", "电力线路", "水井", "已入住", "北", "km" })
                Assert.Contains(s, text);
            Assert.Contains("664", text); // Dalad's households moved in: 83 % of 800
            FontsEmbedded(a3);
            Assert.InRange(Poppler.Ink(a3, "wall-map-150621-a3"), 0.02, 0.7);
        }
        finally
        {
            File.Delete(a3);
            File.Delete(a1);
        }
        var size = await f.Http.GetAsync("/api/maps/wall?unit=150621&size=A2");
        Assert.Equal(HttpStatusCode.BadRequest, size.StatusCode);
        Assert.Equal("size", (await size.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await f.Http.GetAsync("/api/maps/wall")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await f.Http.GetAsync("/api/maps/wall?unit=999999")).StatusCode);
    }

    static (int, int) Rounded((double W, double H) s) => ((int)Math.Round(s.W), (int)Math.Round(s.H));
}
