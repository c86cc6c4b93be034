using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using RelocationPlanner.Cli.Common;
using Spectre.Console;

namespace RelocationPlanner.Cli.Reports;

/// <summary>
/// rp report NAME [--level county] [--as-of 2017-07-31] [--url http://127.0.0.1:5080] [--format table|csv|xlsx|json] [-o FILE]:
/// asks a running service for GET /api/reports/NAME (e.g. settled-rates, subsidies) and prints the rows.
/// </summary>
public static class ReportCommand
{
    public const string Usage = "rp report settled-rates|subsidies|... [--level county] [--as-of YYYY-MM-DD] [--url http://127.0.0.1:5080] [--format table|json|csv|xlsx] [-o FILE]";

    public static async Task<int> RunAsync(string[] argv, CancellationToken ct)
    {
        var args = new CliArgs(argv);
        args.Allow("level", "as-of", "url", "format", "o", "out");
        if (args.Positional.Count != 1 || !System.Text.RegularExpressions.Regex.IsMatch(args.Positional[0], "^[a-z][a-z0-9-]*$"))
            throw new CliException("usage: " + Usage, 2);
        var name = args.Positional[0];
        if (args["as-of"] is { } asOf && !DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw new CliException("--as-of is a date written YYYY-MM-DD.", 2);
        var format = args["format"] ?? "table";
        if (format is not ("table" or "json" or "csv" or "xlsx")) throw new CliException("--format is table, json, csv or xlsx.", 2);
        var output = args.Get("o", "out");
        if (format == "xlsx" && output is null) throw new CliException("xlsx needs -o FILE.", 2);

        var query = new List<string>();
        if (args["level"] is { } level) query.Add("level=" + Uri.EscapeDataString(level));
        if (args["as-of"] is { } date) query.Add("as_of=" + date);
        if (format is "csv" or "xlsx") query.Add("format=" + format);
        var baseUrl = (args["url"] ?? Environment.GetEnvironmentVariable("RP_URL") ?? "http://127.0.0.1:5080").TrimEnd('/');
        var url = $"{baseUrl}/api/reports/{name}" + (query.Count > 0 ? "?" + string.Join('&', query) : "");

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        HttpResponseMessage r;
        try { r = await http.GetAsync(url, ct); }
        catch (HttpRequestException e) { throw new CliException($"No service answers at {baseUrl} ({e.Message}); start it (tools/run) or pass --url."); }
        if (!r.IsSuccessStatusCode)
        {
            var body = await r.Content.ReadAsStringAsync(ct);
            throw new CliException((int)r.StatusCode == 404 ? $"The service at {baseUrl} has no report '{name}' (404)." : $"{url}: {(int)r.StatusCode} {body}");
        }
        if (format is "csv" or "xlsx" || (format == "json" && output is not null))
        {
            if (output is null) { Console.Write(await r.Content.ReadAsStringAsync(ct)); return 0; }
            await using (var f = File.Create(output)) await r.Content.CopyToAsync(f, ct);
            Console.WriteLine($"{output}: {new FileInfo(output).Length / 1e3:0.0} kB");
            return 0;
        }
        var json = await r.Content.ReadFromJsonAsync<JsonElement>(ct);
        if (format == "json") { Console.WriteLine(json.GetRawText()); return 0; }
        var rows = json.TryGetProperty("rows", out var rr) && rr.ValueKind == JsonValueKind.Array ? rr : json;
        if (rows.ValueKind != JsonValueKind.Array || rows.GetArrayLength() == 0) { Console.WriteLine("(no rows)"); return 0; }
        var table = new Table();
        var columns = rows[0].EnumerateObject().Select(p => p.Name).ToList();
        foreach (var c in columns) table.AddColumn(c);
        foreach (var row in rows.EnumerateArray())
            table.AddRow(columns.Select(c => Markup.Escape(row.TryGetProperty(c, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText() : "")).ToArray());
        AnsiConsole.Write(table);
        return 0;
    }
}
