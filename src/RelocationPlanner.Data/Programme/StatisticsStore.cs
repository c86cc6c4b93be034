using Dapper;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Data.Import;

namespace RelocationPlanner.Data.Programme;

public sealed record StatisticsImportOutcome(long ImportId, long Imported, IReadOnlyList<RowError> Warnings, IReadOnlyList<RowError> Errors, long ErrorCount);

public sealed class StoredFigure
{
    public long Id { get; init; }
    public long ImportId { get; init; }
    public int RowNo { get; init; }
    public required string UnitCode { get; init; }
    public required string Year { get; init; }
    public required string Indicator { get; init; }
    public decimal Value { get; init; }
    public required string ValueText { get; init; }
    public required string Unit { get; init; }
    public required string Source { get; init; }
    public required string RecordedBy { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>
/// Reported figures: an import is all rows or none for malformed rows, while the data-quality rules
/// (<see cref="StatisticsChecks"/>) only warn; the figures are kept as reported, warnings and all.
/// Files are small (a year-book is a few hundred figures): staged, checked in memory, stored by one statement.
/// </summary>
public static class StatisticsStore
{
    public const int MaxRows = 100_000;

    sealed class StoredRow
    {
        public required string UnitCode { get; init; }
        public int YearFrom { get; init; }
        public int YearTo { get; init; }
        public required string Indicator { get; init; }
        public decimal Value { get; init; }
        public required string ValueText { get; init; }
        public required string Unit { get; init; }
        public required string Source { get; init; }
    }

    public static async Task<StatisticsImportOutcome> ImportAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TextReader body, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("prog_statistics_stage.sql"), transaction: tx, cancellationToken: ct));
        var figures = new List<ReportedFigure>();
        var staged = await Staging.CopyAsync(conn, body, header => ReportedFigureCsv.CheckHeader(header) is { } e ? (null, e) : (ReportedFigureCsv.Parse, null),
            figures.Add, ct);
        if (staged.ErrorCount > 0) return new(0, 0, [], staged.Errors, staged.ErrorCount);

        var units = figures.Select(f => f.UnitCode).Distinct().ToArray();
        var stored = (await conn.QueryAsync<StoredRow>(new CommandDefinition(SqlResources.Get("prog_statistics_stored.sql"), new { units }, tx, cancellationToken: ct)))
            .Select(s => new ReportedFigure(null, s.UnitCode, s.YearFrom, s.YearTo, s.Indicator, s.Value, s.ValueText, s.Unit, s.Source));
        var known = (await conn.QueryAsync<string>(new CommandDefinition(SqlResources.Get("prog_statistics_known_units.sql"), new { units }, tx, cancellationToken: ct)))
            .ToHashSet(StringComparer.Ordinal);
        var warnings = StatisticsChecks.Check([.. stored, .. figures], known);

        var importId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT nextval('reported_statistics_import_seq')", transaction: tx, cancellationToken: ct));
        var imported = await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("prog_statistics_insert.sql"), new { import_id = importId }, tx, cancellationToken: ct));
        return new(importId, imported, warnings, [], 0);
    }

    /// <summary>The staging table's columns (prog_statistics_stage.sql) from a checked figure.</summary>
    static readonly CsvStaging<ReportedFigure> Staging = new CsvStaging<ReportedFigure>("statistics_import_rows") { MaxRows = MaxRows }
        .Text("unit_code", f => f.UnitCode).Integer("year_from", f => f.YearFrom).Integer("year_to", f => f.YearTo).Text("indicator", f => f.Indicator)
        .Numeric("value", f => f.Value).Text("value_text", f => f.ValueText).Text("unit", f => f.Unit).Text("source", f => f.Source);

    public static async Task<List<StoredFigure>> ListAsync(NpgsqlDataSource db, string? unit, int? year, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return [.. await conn.QueryAsync<StoredFigure>(new CommandDefinition(SqlResources.Get("prog_statistics_list.sql"), new { unit, year }, cancellationToken: ct))];
    }
}
