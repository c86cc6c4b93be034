using RelocationPlanner.Core.Features;
using RelocationPlanner.Data.Tables;

namespace RelocationPlanner.Api.Export;

/// <summary>
/// A report's answer in the format asked for: its JSON document, or its <see cref="ReportTable"/>
/// downloaded as <c>{name}.csv</c> or <c>{name}.xlsx</c> (written by <see cref="TableWriter"/>,
/// the same writer <c>rp report</c> uses). Usage in an endpoint:
/// <code>var report = new SettledRatesReport(level, day, rows);
/// return TableDownload.Answer(format, report.Table(), report);</code>
/// </summary>
public static class TableDownload
{
    /// <summary>
    /// A report's <c>format</c> query value: json (the default, also when empty), csv or xlsx.
    /// Anything else adds an error naming <c>format</c> and answers json.
    /// </summary>
    public static string Format(string? value, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value)) return "json";
        if (value is "json" or "csv" or "xlsx") return value;
        errors.Add(new("format", Rules.Enum, "format is json (default), csv or xlsx."));
        return "json";
    }

    /// <summary>The document as JSON, or the table as a CSV/XLSX download.</summary>
    public static IResult Answer(string format, ReportTable table, object document) => format switch
    {
        "csv" => Results.Stream(s => TableWriter.WriteCsvAsync(s, table, byteOrderMark: true, CancellationToken.None), TableWriter.CsvType, table.Name + ".csv"),
        "xlsx" => Results.Stream(async s =>
        {
            // OpenXml needs a seekable stream; the sheet is built in memory (reports are small).
            using var ms = new MemoryStream();
            TableWriter.WriteXlsx(ms, table);
            ms.Position = 0;
            await ms.CopyToAsync(s);
        }, TableWriter.XlsxType, table.Name + ".xlsx"),
        _ => Results.Ok(document),
    };
}
