using Dapper;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Core.Registry;

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
/// Files are small (a year-book is a few hundred figures): read whole, stored by one statement.
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
        var csv = new CsvStream(body);
        if (ReportedFigureCsv.CheckHeader(await csv.ReadAsync(ct)) is { } headerError) return new(0, 0, [], [headerError], 1);
        var figures = new List<ReportedFigure>();
        var errors = new List<RowError>();
        while (await csv.ReadAsync(ct) is { } fields)
        {
            if (figures.Count + errors.Count >= MaxRows)
                return new(0, 0, [], [new RowError(csv.Line, "$", Rules.TooMany, $"At most {MaxRows} figures per import.")], 1);
            var (figure, rowErrors) = ReportedFigureCsv.Parse(csv.Line, fields);
            errors.AddRange(rowErrors);
            if (figure is not null) figures.Add(figure);
        }
        if (errors.Count > 0) return new(0, 0, [], errors, errors.Count);
        if (figures.Count == 0) return new(0, 0, [], [new RowError(2, "$", Rules.Empty, "The file has a header but no figures.")], 1);

        var units = figures.Select(f => f.UnitCode).Distinct().ToArray();
        var stored = (await conn.QueryAsync<StoredRow>(new CommandDefinition(SqlResources.Get("prog_statistics_stored.sql"), new { units }, tx, cancellationToken: ct)))
            .Select(s => new ReportedFigure(null, s.UnitCode, s.YearFrom, s.YearTo, s.Indicator, s.Value, s.ValueText, s.Unit, s.Source));
        var known = (await conn.QueryAsync<string>(new CommandDefinition(SqlResources.Get("prog_statistics_known_units.sql"), new { units }, tx, cancellationToken: ct)))
            .ToHashSet(StringComparer.Ordinal);
        var warnings = StatisticsChecks.Check([.. stored, .. figures], known);

        var importId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT nextval('reported_statistics_import_seq')", transaction: tx, cancellationToken: ct));
        var imported = await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("prog_statistics_insert.sql"), new
        {
            import_id = importId,
            rows = figures.Select(f => (int)f.Row!.Value).ToArray(),
            units = figures.Select(f => f.UnitCode).ToArray(),
            year_from = figures.Select(f => f.YearFrom).ToArray(),
            year_to = figures.Select(f => f.YearTo).ToArray(),
            indicators = figures.Select(f => f.Indicator).ToArray(),
            vals = figures.Select(f => f.Value).ToArray(),
            value_texts = figures.Select(f => f.ValueText).ToArray(),
            measures = figures.Select(f => f.Unit).ToArray(),
            sources = figures.Select(f => f.Source).ToArray(),
        }, tx, cancellationToken: ct));
        return new(importId, imported, warnings, [], 0);
    }

    public static async Task<List<StoredFigure>> ListAsync(NpgsqlDataSource db, string? unit, int? year, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return [.. await conn.QueryAsync<StoredFigure>(new CommandDefinition(SqlResources.Get("prog_statistics_list.sql"), new { unit, year }, cancellationToken: ct))];
    }
}
