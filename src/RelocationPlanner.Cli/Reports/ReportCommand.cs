using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Npgsql;
using RelocationPlanner.Cli.Common;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Infrastructure;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Infrastructure;
using RelocationPlanner.Data.Programme;
using RelocationPlanner.Data.Registry;
using RelocationPlanner.Data.Tables;

namespace RelocationPlanner.Cli.Reports;

/// <summary>
/// rp report NAME [options]: the service's reports read straight from the database (the same
/// queries and the same document and table definitions as /api/reports/...), so no running
/// service is needed. --format table (rounded, for reading) | csv | json (full precision) | xlsx.
/// </summary>
public static class ReportCommand
{
    /// <summary>The service's JSON (snake_case names), indented and with Chinese left readable.</summary>
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create() => new("report", "Print a report straight from the database (the figures of /api/reports/...)")
    {
        SettledRates(), SettledSeries(), Subsidies(), Infrastructure(), InfrastructureProgress(), InfrastructureMonthly(),
        Compliance(), SiteProgress(), Reconciliation(),
    };

    static Command SettledRates()
    {
        var (level, asOf, unit) = RegistryOptions();
        var output = new OutputOptions();
        var cmd = new Command("settled-rates", "Households moved in and deemed settled (keys claimed) per unit, as of a day") { level, asOf, unit };
        output.AddTo(cmd);
        cmd.SetAction(async (p, ct) =>
        {
            var (lvl, day) = (p.GetValue(level)!, p.GetValue(asOf) ?? Today);
            await using var db = Open();
            var report = new SettledRatesReport(lvl, day, await RegistryReports.SettledRatesAsync(db, lvl, day, p.GetValue(unit), ct));
            return await output.WriteAsync(p, report, report.Table(), [report.Table()], ct);
        });
        return cmd;
    }

    static Command SettledSeries()
    {
        var unit = new Option<string>("--unit") { Description = "An administrative unit code or a site code", Required = true, HelpName = "CODE" };
        var from = RpCli.DateOption("--from", "The first month-end is this date's month");
        var to = RpCli.DateOption("--to", "The last point (its own day, not the month's end)");
        from.Required = to.Required = true;
        var output = new OutputOptions();
        var cmd = new Command("settled-series", "Month-end settled rates of one unit or site") { unit, from, to };
        output.AddTo(cmd);
        cmd.Validators.Add(r =>
        {
            if (r.GetValue(from) is { } f && r.GetValue(to) is { } t && RegistryReports.CheckSeriesRange(f, t) is { } e) r.AddError("--" + e.Field + ": " + e.Message);
        });
        cmd.SetAction(async (p, ct) =>
        {
            var (u, f, t) = (p.GetValue(unit)!.Trim(), p.GetValue(from)!.Value, p.GetValue(to)!.Value);
            await using var db = Open();
            var report = new SettledSeriesReport(u, f, t, await RegistryReports.SeriesAsync(db, u, f, t, ct));
            return await output.WriteAsync(p, report, report.Table(), [report.Table()], ct);
        });
        return cmd;
    }

    static Command Subsidies()
    {
        var (level, asOf, unit) = RegistryOptions();
        var output = new OutputOptions();
        var cmd = new Command("subsidies", "Subsidies entitled, disbursed and outstanding per unit, by component and funding source") { level, asOf, unit };
        output.AddTo(cmd);
        cmd.SetAction(async (p, ct) =>
        {
            var (lvl, day) = (p.GetValue(level)!, p.GetValue(asOf) ?? Today);
            await using var db = Open();
            var report = new SubsidiesReport(lvl, day, await RegistryReports.SubsidiesAsync(db, lvl, day, p.GetValue(unit), ct));
            return await output.WriteAsync(p, report, report.Table(), report.Tables(), ct);
        });
        return cmd;
    }

    static Command Infrastructure()
    {
        var level = InfraLevel();
        var status = new Option<string>("--status") { Description = "Only this status" };
        status.AcceptOnlyFromAmong([.. Collections.Statuses]);
        var year = new Option<string>("--year") { Description = "Only features completed in this year", HelpName = "YYYY" };
        var roadClass = new Option<string>("--road-class") { Description = "Only roads of this class" };
        roadClass.AcceptOnlyFromAmong([.. Collections.Roads.Property("road_class")!.Allowed!]);
        var surface = new Option<string>("--surface") { Description = "Only roads with this surface" };
        surface.AcceptOnlyFromAmong([.. Collections.Roads.Property("surface")!.Allowed!]);
        var minKv = new Option<string>("--min-voltage-kv") { Description = "Only power lines of at least this voltage (kV)", HelpName = "KV" };
        var output = new OutputOptions();
        var cmd = new Command("infrastructure", "Km of roads and power lines (clipped to each unit, geodesic) and wells per unit and status")
            { level, status, year, roadClass, surface, minKv };
        output.AddTo(cmd);
        cmd.SetAction(async (p, ct) =>
        {
            var (filter, errors) = InfrastructureFilters.Report(p.GetValue(level), p.GetValue(status), p.GetValue(year),
                p.GetValue(roadClass), p.GetValue(surface), p.GetValue(minKv));
            if (filter is null) throw Usage(errors);
            await using var db = Open();
            var report = await InfrastructureQueries.ReportAsync(db, filter, ct);
            return await output.WriteAsync(p, report, report.Table(), [report.Table()], ct);
        });
        return cmd;
    }

    static Command InfrastructureProgress()
    {
        var level = InfraLevel();
        var output = new OutputOptions();
        var cmd = new Command("infrastructure-progress", "Planned, under construction and completed km and wells per unit") { level };
        output.AddTo(cmd);
        cmd.SetAction(async (p, ct) =>
        {
            var lvl = p.GetValue(level)!;
            await using var db = Open();
            var report = new InfrastructureProgressReport(lvl, await InfrastructureQueries.ProgressAsync(db, lvl, ct));
            return await output.WriteAsync(p, report, report.Table(), [report.Table()], ct);
        });
        return cmd;
    }

    static Command InfrastructureMonthly()
    {
        var level = InfraLevel();
        var unit = new Option<string>("--unit") { Description = "Only this unit (a code of the level)", HelpName = "CODE" };
        var from = new Option<string>("--from") { Description = "First month", HelpName = "YYYY-MM" };
        var to = new Option<string>("--to") { Description = "Last month", HelpName = "YYYY-MM" };
        var output = new OutputOptions();
        var cmd = new Command("infrastructure-monthly", "Km and wells completed per month and unit, with running totals") { level, unit, from, to };
        output.AddTo(cmd);
        cmd.SetAction(async (p, ct) =>
        {
            var errors = new List<FieldError>();
            var months = InfrastructureFilters.Months(p.GetValue(from), p.GetValue(to), errors);
            if (errors.Count > 0) throw Usage(errors);
            var (lvl, u) = (p.GetValue(level)!, p.GetValue(unit));
            await using var db = Open();
            if (u is not null && !await InfrastructureQueries.UnitExistsAsync(db, u, lvl, ct))
                throw new CliException($"There is no {lvl} with code {u}.");
            var report = new InfrastructureMonthlyReport(lvl, u, await InfrastructureQueries.MonthlyAsync(db, lvl, u, months, ct));
            return await output.WriteAsync(p, report, report.Table(), [report.Table()], ct);
        });
        return cmd;
    }

    static Command Compliance()
    {
        var (level, asOf, unit) = RegistryOptions(ComplianceStore.Levels);
        var output = new OutputOptions();
        var cmd = new Command("compliance", "Households against the national plan's rules per unit, as of a day (area, own payment, demolition, employment)") { level, asOf, unit };
        output.AddTo(cmd);
        cmd.SetAction(async (p, ct) =>
        {
            var (lvl, day) = (p.GetValue(level)!, p.GetValue(asOf) ?? Today);
            await using var db = Open();
            var report = await ComplianceStore.ReportAsync(db, lvl, day, p.GetValue(unit), ct);
            return await output.WriteAsync(p, report, report.Table(), [report.Table()], ct);
        });
        return cmd;
    }

    static Command SiteProgress()
    {
        var (level, asOf, unit) = RegistryOptions(ComplianceStore.Levels);
        var output = new OutputOptions();
        var cmd = new Command("site-progress", "Centralized sites as projects per unit, as of a day: milestones, plan, budget and spending, households") { level, asOf, unit };
        output.AddTo(cmd);
        cmd.SetAction(async (p, ct) =>
        {
            var (lvl, day) = (p.GetValue(level)!, p.GetValue(asOf) ?? Today);
            await using var db = Open();
            var report = new SiteProgressReport(lvl, day, await ProgrammeReports.SiteProgressAsync(db, lvl, day, p.GetValue(unit), ct));
            return await output.WriteAsync(p, report, report.Table(), [report.Table()], ct);
        });
        return cmd;
    }

    static Command Reconciliation()
    {
        var year = new Option<int>("--year") { Description = "The year whose reported figures are reconciled", Required = true, HelpName = "YYYY" };
        year.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1900 or > 2200) r.AddError("--year is a year 1900-2200.");
        });
        var level = new Option<string>("--level") { Description = "Only reporting units of this level (default: every unit that reported)" };
        level.AcceptOnlyFromAmong([.. ComplianceStore.Levels]);
        var unit = new Option<string>("--unit") { Description = "Only units within this one (an administrative unit code)", HelpName = "CODE" };
        var tolerance = new Option<decimal>("--tolerance")
        {
            Description = "Flag a difference past this fraction of the reported figure",
            DefaultValueFactory = _ => ProgrammeReports.DefaultTolerance,
            HelpName = "FRACTION",
        };
        tolerance.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<decimal>() is < 0 or > 1) r.AddError("--tolerance is a fraction 0-1.");
        });
        var output = new OutputOptions();
        var cmd = new Command("reconciliation", "Reported figures of a year beside the registry's households and people and the km and wells completed") { year, level, unit, tolerance };
        output.AddTo(cmd);
        cmd.SetAction(async (p, ct) =>
        {
            var (y, lvl, tol) = (p.GetValue(year), p.GetValue(level), p.GetValue(tolerance));
            await using var db = Open();
            var report = new ReconciliationReport(lvl, y, tol, await ProgrammeReports.ReconciliationAsync(db, lvl, y, p.GetValue(unit), tol, ct));
            return await output.WriteAsync(p, report, report.Table(), [report.Table()], ct);
        });
        return cmd;
    }

    static (Option<string> Level, Option<DateOnly?> AsOf, Option<string> Unit) RegistryOptions(IReadOnlyList<string>? levels = null)
    {
        var level = new Option<string>("--level") { Description = "The level rows roll up to", DefaultValueFactory = _ => "county" };
        level.AcceptOnlyFromAmong([.. levels ?? RegistryReports.Levels]);
        var asOf = RpCli.DateOption("--as-of", "The day the figures are counted on (default today)");
        var unit = new Option<string>("--unit") { Description = "Only units within this one (an administrative unit code)", HelpName = "CODE" };
        return (level, asOf, unit);
    }

    static Option<string> InfraLevel()
    {
        var level = new Option<string>("--level") { Description = "The level rows roll up to", DefaultValueFactory = _ => "county" };
        level.AcceptOnlyFromAmong(InfrastructureFilters.Levels);
        return level;
    }

    static DateOnly Today => DateOnly.FromDateTime(DateTime.Today);

    static NpgsqlDataSource Open() => Database.CreateDataSource(DatabaseUrl.Resolve(), "rp report");

    /// <summary>Errors of the shared validators, named as this command's options.</summary>
    static CliException Usage(IEnumerable<FieldError> errors) =>
        new(string.Join("\n", errors.Select(e => $"--{e.Field.Replace('_', '-')}: {e.Message}")), 2);

    /// <summary>--format and --output, and writing a report in the format asked for.</summary>
    sealed class OutputOptions
    {
        readonly Option<string> format = new("--format", "-f")
        {
            Description = "table (rounded, for reading), csv or json (full precision), xlsx or pdf (need --output)",
            DefaultValueFactory = _ => "table",
        };

        readonly Option<FileInfo> output = RpCli.OutputOption("Write to this file instead of standard output", required: false);

        readonly Option<string> lang = new("--lang")
        {
            Description = "The language of the xlsx and pdf labels: zh (default) or en",
            DefaultValueFactory = _ => "zh",
        };

        public void AddTo(Command cmd)
        {
            format.AcceptOnlyFromAmong("table", "csv", "json", "xlsx", "pdf");
            lang.AcceptOnlyFromAmong("zh", "en");
            cmd.Options.Add(format);
            cmd.Options.Add(output);
            cmd.Options.Add(lang);
            cmd.Validators.Add(r =>
            {
                if (r.GetValue(format) is "xlsx" or "pdf" && r.GetValue(output) is null) r.AddError($"--format {r.GetValue(format)} needs --output FILE.{r.GetValue(format)}.");
            });
        }

        /// <summary>The document (json), the table (csv, xlsx) or the tables for reading (table).</summary>
        public async Task<int> WriteAsync(ParseResult p, object document, ReportTable table, IReadOnlyList<ReportTable> screen, CancellationToken ct)
        {
            var file = p.GetValue(output);
            var fmt = p.GetValue(format)!;
            if (fmt == "table" && file is null)
            {
                ConsoleTables.Write(Terminal.Out, screen);
                return 0;
            }
            await using (var stream = file is null ? Console.OpenStandardOutput() : file.Create())
            {
                switch (fmt)
                {
                    case "csv":
                        await TableWriter.WriteCsvAsync(stream, table, byteOrderMark: file is not null, ct);
                        break;
                    case "json":
                        await JsonSerializer.SerializeAsync(stream, document, document.GetType(), Json, ct);
                        await stream.WriteAsync("\n"u8.ToArray(), ct);
                        break;
                    case "xlsx":
                        XlsxWriter.Write(stream, [table], p.GetValue(lang)!, DateTimeOffset.Now);
                        break;
                    case "pdf":
                        await stream.WriteAsync(await PdfPrinter.PrintAsync(HtmlReport.Render(table, p.GetValue(lang)!, DateTimeOffset.Now), ct), ct);
                        break;
                    default:
                        await using (var w = new StreamWriter(stream, leaveOpen: true))
                            ConsoleTables.Write(Terminal.Create(w, plain: true), screen);
                        break;
                }
            }
            if (file is not null) Console.WriteLine($"{file.FullName}: {fmt}, {new FileInfo(file.FullName).Length / 1e3:0.0} kB");
            return 0;
        }
    }
}
