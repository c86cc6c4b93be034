using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Playwright;
using RelocationPlanner.Data.Tables;
using RelocationPlanner.Data.Users;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Web.Tests;

/// <summary>
/// A relocation officer's day in the browser, against the real service: sign in, import a CSV that
/// is refused (the row error shown and downloadable), import it corrected, find a household, record
/// its keys and a payment (an over-payment refused at the field, in Chinese), see the settled rate
/// move on the reports page, and download through the browser the XLSX (its title and total read
/// with OpenXml, the total the screen's), the report's PDF in both languages and the A3 wall map
/// (rendered by pdftoppm to artifacts/outputs/officer-day-*.png). Screenshots in both languages.
/// </summary>
[Collection("web")]
public sealed class OfficerDayTests(BrowserFixture fx)
{
    const string Header = "household_code,head_name,members,county_code,origin_settlement_code,site_code,settlement_type,registered_on,keys_claimed_on,moved_in_on";

    [Fact]
    public async Task An_officer_imports_finds_records_keys_and_a_payment_and_sees_the_report_change()
    {
        var http = fx.Service.Http;
        var units = await http.GetFromJsonAsync<JsonElement>("/ogc/collections/admin_units/items?limit=10000");
        // The last banner: the dashboards' test counts the first one's households, the programme's the third's.
        var county = units.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
            .Where(p => p.GetProperty("level").GetString() == "county").MaxBy(p => p.GetProperty("code").GetString())!;
        var countyCode = county.GetProperty("code").GetString()!;
        // The county's own policy (nearer than any league-wide one): 20,000 a person for the house.
        var policy = await http.PostAsJsonAsync("/api/subsidy-policies", new
        {
            code = "web-officer-day",
            region_code = countyCode,
            valid_from = "2016-01-01",
            valid_to = "2017-12-31",
            basis = "per_person",
            components = new[] { new { name = "house", amount = "20000.00", funding_source = "municipal" } },
        });
        Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());

        var page = await fx.OpenMapAsync("zh-CN", "/#/reports?report=settled&level=county&as_of=2017-12-31");
        await fx.SignInAsync(page, Roles.RelocationOfficer, openEditTab: false);
        Assert.Contains("搬迁专员", await page.Locator("[data-testid=signed-in-as]").InnerTextAsync());
        var before = await DeemedSettledAsync(page, countyCode);

        // 1. A file with a household of no members: refused, the row listed, nothing stored.
        await page.GotoAsync(fx.Service.BaseUrl + "/#/import");
        var bad = Header + "\n" +
                  $"OFD01,乌兰,3,{countyCode},,,separate_self_built,2017-03-01,,\n" +
                  $"OFD02,哈斯巴根,0,{countyCode},,,separate_self_built,2017-03-01,,\n";
        await UploadAsync(page, bad);
        var errorRow = page.Locator("[data-testid=import-errors] tbody tr").First;
        await errorRow.WaitForAsync();
        var cells = await errorRow.Locator("td").AllInnerTextsAsync();
        Assert.Equal("3", cells[0]);
        Assert.Equal("members", cells[1]);
        Assert.Equal("人口至少 1 人。", cells[2]);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=import-errors-download]"));
        var errorsCsv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("3,members,members_at_least_one", errorsCsv);
        await BrowserFixture.ShotAsync(page, "workspace-import-errors-zh");
        Assert.Empty((await http.GetFromJsonAsync<JsonElement>("/api/households?q=OFD")).GetProperty("households").EnumerateArray());

        // 2. Corrected: both stored.
        await UploadAsync(page, bad.Replace("哈斯巴根,0,", "哈斯巴根,2,"));
        await page.Locator("[data-testid=import-state].ok").WaitForAsync();
        Assert.Contains("已导入 2 户 5 人", await page.Locator("[data-testid=import-state]").InnerTextAsync());

        // 3. Find the household by its head's name and open it.
        await page.ClickAsync("[data-nav=households]");
        await page.FillAsync("[data-testid=hh-q]", "哈斯巴根");
        await page.ClickAsync("[data-testid=hh-apply]");
        await page.Locator("[data-testid=hh-counts]", new() { HasTextString = "共 1 户 2 人" }).WaitForAsync();
        await BrowserFixture.ShotAsync(page, "workspace-households-zh");
        await page.ClickAsync("[data-code=OFD02]");
        await page.Locator("[data-page=household][data-ready='1']").WaitForAsync();

        // 4. Keys claimed, then a payment: first too much (refused at the amount, in Chinese), then right.
        await page.SelectOptionAsync("#form-milestone-milestone", "keys_claimed");
        await page.FillAsync("#form-milestone-date", "2017-11-20");
        await page.ClickAsync("[data-testid=form-milestone-submit]");
        await page.Locator("[data-testid=timeline] li[data-milestone=keys_claimed]").WaitForAsync();
        await page.Locator("[data-page=household][data-ready='1']").WaitForAsync();
        await page.FillAsync("#form-payment-amount", "40000.01");
        await page.FillAsync("#form-payment-paid_on", "2017-11-21");
        await page.ClickAsync("[data-testid=form-payment-submit]");
        var amountError = page.Locator("[data-testid=form-payment] [data-field-error=amount]");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=form-payment] [data-field-error=amount]').textContent.length > 0");
        Assert.Equal("超出该项应发金额。", await amountError.InnerTextAsync());
        Assert.Equal("within_entitlement", await amountError.GetAttributeAsync("data-rule"));
        await page.FillAsync("#form-payment-amount", "30,000.00");
        await page.ClickAsync("[data-testid=form-payment-submit]");
        await page.Locator("[data-testid=ledger-entries] tbody tr").WaitForAsync();
        await page.Locator("[data-page=household][data-ready='1']").WaitForAsync();
        Assert.Contains("30,000.00", await page.Locator("[data-testid=ledger-entries]").InnerTextAsync());
        Assert.Contains("10,000.00", await page.Locator("[data-testid=entitlement]").InnerTextAsync());
        await BrowserFixture.ShotAsync(page, "workspace-household-zh");
        await page.ClickAsync("[data-testid=lang]");
        await page.Locator("[data-page=household][data-ready='1'] h3", new() { HasTextString = "Milestones" }).WaitForAsync();
        await BrowserFixture.ShotAsync(page, "workspace-household-en");
        await page.ClickAsync("[data-testid=lang]");

        // 5. The settled rate of the county as of the end of 2017 moved (one more household with keys).
        await page.GotoAsync(fx.Service.BaseUrl + "/#/reports?report=settled&level=county&as_of=2017-12-31");
        var after = await DeemedSettledAsync(page, countyCode);
        Assert.NotEqual(before, after);
        var api = await http.GetFromJsonAsync<JsonElement>("/api/reports/settled-rates?level=county&as_of=2017-12-31");
        var row = api.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.Array).Value.EnumerateArray()
            .First(r => r.GetProperty("unit_code").GetString() == countyCode);
        // The screen shows the API's rate as a percentage with at most one decimal.
        Assert.Equal(decimal.Round(row.GetProperty("deemed_settled_rate").GetDecimal() * 100, 1), decimal.Parse(after.Replace("%", "").Trim(), CultureInfo.InvariantCulture));
        await BrowserFixture.ShotAsync(page, "workspace-reports-zh");

        // 6. The downloads, through the browser: the spreadsheet's title and total (the screen's total), the
        //    report's PDF and the A3 wall map rendered to PNGs (artifacts/outputs) of the right size, not blank.
        var households = row.GetProperty("households").GetInt64();
        var screenTotal = long.Parse((await page.Locator("[data-total=households]").InnerTextAsync()).Replace(",", ""), CultureInfo.InvariantCulture);
        Assert.Equal(households, screenTotal);
        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-download=xlsx]"));
        var xlsxPath = (await xlsx.PathAsync())!;
        var (title, total) = XlsxTitleAndTotal(xlsxPath, TableLabels.Column("households", "zh"), TableLabels.Word("total", "zh"));
        Assert.StartsWith("搬迁安置入住率", title);
        Assert.Equal(screenTotal, total);
        Assert.Contains(households, XlsxRowNumbers(xlsxPath, countyCode, county.GetProperty("name").GetString()!));

        var report = await DownloadAsync(page, "[data-download=pdf]", "officer-day-report-zh");
        Assert.Contains(Poppler.PageSize(report), new[] { (595.0, 842.0), (842.0, 595.0) }, PointsComparer.Instance);
        Assert.Contains("搬迁安置入住率", Poppler.Text(report));
        AssertRendered(report, "officer-day-report-zh", 0.005, 0.6);

        // The wall map opens in a new tab: fetched by the page itself, with its session, from the link's address.
        var wallHref = (await page.Locator("[data-wall-map=A3]").GetAttributeAsync("href"))!;
        Assert.Contains($"unit={countyCode}", wallHref);
        var wall = Path.Combine(Poppler.Pages, "officer-day-wall-map-a3-zh.pdf");
        Directory.CreateDirectory(Poppler.Pages);
        await File.WriteAllBytesAsync(wall, Convert.FromBase64String(await page.EvaluateAsync<string>(@"async (href) => {
            const r = await fetch(href);
            if (!r.ok || r.headers.get('content-type') !== 'application/pdf') throw new Error(`HTTP ${r.status} ${r.headers.get('content-type')}`);
            const bytes = new Uint8Array(await r.arrayBuffer());
            let s = '';
            for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
            return btoa(s);
        }", wallHref)));
        Assert.Equal((1191.0, 842.0), Poppler.PageSize(wall), PointsComparer.Instance);
        Assert.Contains($"{county.GetProperty("name").GetString()}易地扶贫搬迁作战图", Poppler.Text(wall));
        AssertRendered(wall, "officer-day-wall-map-a3-zh", 0.02, 0.7);

        await page.ClickAsync("[data-testid=lang]");
        await page.Locator("[data-page=reports][data-ready='1'] h2", new() { HasTextString = "Reports" }).WaitForAsync();
        await BrowserFixture.ShotAsync(page, "workspace-reports-en");
        // The report's PDF in English, from the same screen.
        var english = await DownloadAsync(page, "[data-download=pdf]", "officer-day-report-en");
        Assert.Contains("Settled rates", Poppler.Text(english));
        AssertRendered(english, "officer-day-report-en", 0.005, 0.6);

        // 7. More matches than the list counts (1,000): a common name, and a flag over the county's own area rule.
        var areaPolicy = await http.PostAsJsonAsync("/api/compliance-policies", new
        {
            code = "web-officer-day-area",
            region_code = countyCode,
            valid_from = "2016-01-01",
            valid_to = "2017-12-31",
            max_area_m2_per_person = 25,
            max_self_paid_per_person = 3000,
            max_self_paid_per_household = 10000,
            demolish_within_days = 365,
            min_employed_per_labour_household = 1,
        });
        Assert.True(areaPolicy.IsSuccessStatusCode, await areaPolicy.Content.ReadAsStringAsync());
        var many = await http.PostAsync("/api/households/import", new StringContent(Header + ",house_area_m2\n" + string.Concat(
            Enumerable.Range(0, 1001).Select(i => $"OFDM{i:D4},其其格,2,{countyCode},,,separate_self_built,2017-03-01,,,100.00\n")), System.Text.Encoding.UTF8, "text/csv"));
        Assert.True(many.IsSuccessStatusCode, await many.Content.ReadAsStringAsync());
        foreach (var (shot, query, zh, en) in new[]
        {
            ("search", "q=其其格", "超过 1,000 户（请输入更完整的姓名或编码）", "More than 1,000 households (type more of the name or code)"),
            ("flag", $"flag=area&unit={countyCode}", "超过 1,000 户（各单位的准确户数见合规报表）", "More than 1,000 households (the compliance report counts them per unit)"),
        })
        {
            await page.GotoAsync($"{fx.Service.BaseUrl}/#/households?{query}");
            await page.Locator("[data-testid=hh-counts]", new() { HasTextString = en }).WaitForAsync();
            await page.Locator("[data-testid=hh-table] tbody tr").First.WaitForAsync();
            await BrowserFixture.ShotAsync(page, $"workspace-households-capped-{shot}-en");
            await page.ClickAsync("[data-testid=lang]");
            await page.Locator("[data-testid=hh-counts]", new() { HasTextString = zh }).WaitForAsync();
            await BrowserFixture.ShotAsync(page, $"workspace-households-capped-{shot}-zh");
            await page.ClickAsync("[data-testid=lang]");
        }
        await page.Context.CloseAsync();
    }

    /// <summary>Clicks a download link and keeps the file as artifacts/outputs/{name}.pdf (printing takes a while on a busy machine).</summary>
    static async Task<string> DownloadAsync(IPage page, string selector, string name)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync(selector), new() { Timeout = 180_000 });
        Directory.CreateDirectory(Poppler.Pages);
        var path = Path.Combine(Poppler.Pages, name + ".pdf");
        await download.SaveAsAsync(path);
        return path;
    }

    /// <summary>The first page rendered by pdftoppm (kept as artifacts/outputs/{name}.png) has the page's size at 60 dpi and ink on it.</summary>
    static void AssertRendered(string pdf, string name, double minInk, double maxInk)
    {
        var ink = Poppler.Ink(pdf, name);
        Assert.InRange(ink, minInk, maxInk);
        var (w, h) = Poppler.PageSize(pdf);
        // PNG: the IHDR chunk's width and height, big-endian, at bytes 16-23.
        var png = File.ReadAllBytes(Path.Combine(Poppler.Pages, name + ".png"));
        var (pw, ph) = (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.InRange(pw, (w * 60 / 72) - 2, (w * 60 / 72) + 2);
        Assert.InRange(ph, (h * 60 / 72) - 2, (h * 60 / 72) + 2);
    }

    /// <summary>Page sizes in points compared to the point.</summary>
    sealed class PointsComparer : IEqualityComparer<(double, double)>
    {
        public static readonly PointsComparer Instance = new();
        public bool Equals((double, double) a, (double, double) b) => Math.Abs(a.Item1 - b.Item1) < 1 && Math.Abs(a.Item2 - b.Item2) < 1;
        public int GetHashCode((double, double) p) => 0;
    }

    static async Task UploadAsync(IPage page, string csv)
    {
        await page.SetInputFilesAsync("[data-testid=import-file]", new FilePayload { Name = "households.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.ClickAsync("[data-testid=import-start]");
    }

    /// <summary>The county's deemed-settled rate as the reports page shows it, filtered to that county.</summary>
    async Task<string> DeemedSettledAsync(IPage page, string countyCode)
    {
        await page.Locator("[data-page=reports][data-ready='1']").WaitForAsync();
        await page.SelectOptionAsync("#rep-unit", countyCode);
        await page.ClickAsync("[data-testid=rep-show]");
        // The page drawn for the new address (the one before it had a totals row too); a unit with no
        // registered household yet has no rows.
        var drawn = page.Locator($"[data-page=reports][data-ready='1'][data-hash*='unit={countyCode}']");
        await drawn.WaitForAsync();
        var total = drawn.Locator("[data-total=deemed_settled_rate]");
        return await total.CountAsync() == 0 ? "no rows" : await total.InnerTextAsync();
    }

    /// <summary>The first sheet's title (A1) and, in its totals row, the number under the column labelled <paramref name="column"/>.</summary>
    static (string Title, long Total) XlsxTitleAndTotal(string path, string column, string totalLabel)
    {
        using var doc = SpreadsheetDocument.Open(path, false);
        var wb = doc.WorkbookPart!;
        var shared = wb.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        string Text(Cell c) => c.DataType?.Value == CellValues.SharedString ? shared[int.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture)]
            : c.InlineString?.InnerText ?? c.CellValue?.Text ?? "";
        var rows = wb.WorksheetParts.First().Worksheet.Descendants<Row>().ToList();
        var title = Text(rows.First().Elements<Cell>().First());
        // The writer leaves out cell references: a row's cells are its columns in order.
        var header = rows.Select(r => r.Elements<Cell>().Select(Text).ToList()).First(r => r.Contains(column));
        var totals = rows.Last(r => r.Elements<Cell>().Any(c => Text(c) == totalLabel));
        var cell = totals.Elements<Cell>().ElementAt(header.IndexOf(column));
        return (title, long.Parse(Text(cell), NumberStyles.Number, CultureInfo.InvariantCulture));
    }

    /// <summary>The whole numbers in the row of the first sheet that names the unit (by code or name).</summary>
    static List<long> XlsxRowNumbers(string path, string code, string name)
    {
        using var doc = SpreadsheetDocument.Open(path, false);
        var wb = doc.WorkbookPart!;
        var shared = wb.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var sheet = wb.WorksheetParts.First().Worksheet;
        string Text(Cell c) => c.DataType?.Value == CellValues.SharedString ? shared[int.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture)]
            : c.InlineString?.InnerText ?? c.CellValue?.Text ?? "";
        foreach (var r in sheet.Descendants<Row>())
        {
            var texts = r.Elements<Cell>().Select(Text).ToList();
            if (!texts.Any(t => t == code || t == name)) continue;
            List<long> numbers = [.. texts.Select(t => decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d) ? (long?)d : null).OfType<long>()];
            // The sheet's heading names the unit too (a lone code); the table row has its figures.
            if (numbers.Count > 1) return numbers;
        }
        throw new InvalidOperationException($"No row for {code} in the spreadsheet.");
    }
}
