using RelocationPlanner.Core.Features;
using RelocationPlanner.Data.Tables;

namespace RelocationPlanner.Api.Export;

/// <summary>
/// A report's answer in the format asked for: its JSON document, or its <see cref="ReportTable"/>
/// downloaded as <c>{name}.csv</c> (<see cref="TableWriter"/>, the same writer <c>rp report</c>
/// uses), <c>{name}.xlsx</c> (<see cref="XlsxWriter"/>) or <c>{name}.pdf</c> (<see cref="HtmlReport"/>
/// printed by <see cref="PdfPrinter"/>). The XLSX and PDF read in the request's <c>lang</c>
/// (Chinese unless <c>lang=en</c>) and name the <c>unit</c> asked for. Usage in an endpoint:
/// <code>var report = new SettledRatesReport(level, day, rows);
/// return TableDownload.Answer(format, report.Table(), report);</code>
/// </summary>
public static class TableDownload
{
    /// <summary>
    /// A report's <c>format</c> query value: json (the default, also when empty), csv, xlsx or pdf.
    /// Anything else adds an error naming <c>format</c> and answers json.
    /// </summary>
    public static string Format(string? value, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value)) return "json";
        if (value is "json" or "csv" or "xlsx" or "pdf") return value;
        errors.Add(new("format", Rules.Enum, "format is json (default), csv, xlsx or pdf."));
        return "json";
    }

    /// <summary>The document as JSON, or the table as a CSV/XLSX/PDF download.</summary>
    public static IResult Answer(string format, ReportTable table, object document) => format switch
    {
        "csv" => Results.Stream(s => TableWriter.WriteCsvAsync(s, table, byteOrderMark: true, CancellationToken.None), TableWriter.CsvType, table.Name + ".csv"),
        "xlsx" or "pdf" => new Document(format, table),
        _ => Results.Ok(document),
    };

    /// <summary>The XLSX or PDF, made when the request is answered (it needs the request's lang and unit).</summary>
    sealed class Document(string format, ReportTable table) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var q = http.Request.Query;
            var lang = TableLabels.Language(q["lang"]);
            var t = table.Unit is null && q["unit"].ToString() is { Length: > 0 } unit ? table with { Unit = unit.Trim() } : table;
            var made = DateTimeOffset.Now;
            byte[] bytes;
            if (format == "pdf") bytes = await PdfPrinter.PrintAsync(HtmlReport.Render(t, lang, made), http.RequestAborted);
            else
            {
                // OpenXml needs a seekable stream; the workbook is built in memory (reports are small).
                using var ms = new MemoryStream();
                XlsxWriter.Write(ms, [t], lang, made);
                bytes = ms.ToArray();
            }
            await Results.File(bytes, format == "pdf" ? PdfPrinter.PdfType : TableWriter.XlsxType, $"{t.Name}.{format}").ExecuteAsync(http);
        }
    }
}
