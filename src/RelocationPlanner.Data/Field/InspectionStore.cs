using System.Text.Json;
using Dapper;
using Npgsql;

namespace RelocationPlanner.Data.Field;

/// <summary>A household an inspection may sample.</summary>
public sealed class PopulationRow
{
    public long Id { get; init; }
    public required string Code { get; init; }
    public string? SiteCode { get; init; }
    public string? CountyCode { get; init; }
    public bool Settled { get; init; }
}

public sealed class InspectionHeader
{
    public long Id { get; init; }
    public required string UnitCode { get; init; }
    public long Seed { get; init; }
    public string? StratifyBy { get; init; }
    public JsonElement Requested { get; init; }
    public int Population { get; init; }
    public DateTime DrawnAt { get; init; }
    public required string DrawnBy { get; init; }
}

/// <summary>A sampled household with its result (Outcome null: not visited yet).</summary>
public sealed class InspectedHousehold
{
    public required string Code { get; init; }
    public required string Stratum { get; init; }
    public string? CountyCode { get; init; }
    public bool Settled { get; init; }
    public string? Outcome { get; init; }
    public string[] Fields { get; init; } = [];
    public string? Note { get; init; }
    public long[]? EvidenceIds { get; init; }
    public string? RecordedBy { get; init; }
    public DateTime? RecordedAt { get; init; }
}

/// <summary>Where a sampled household's result stands.</summary>
public sealed class ResultState
{
    public long SampledId { get; init; }
    public long? ResultId { get; init; }
    public string? Outcome { get; init; }
    public string[] Fields { get; init; } = [];
    public string? Note { get; init; }
    public string? RecordedBy { get; init; }
}

/// <summary>Inspection samples and their results.</summary>
public static class InspectionStore
{
    public static async Task<List<PopulationRow>> PopulationAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string unit, CancellationToken ct) =>
        [.. await conn.QueryAsync<PopulationRow>(new CommandDefinition(SqlResources.Get("fld_inspection_population.sql"), new { unit }, tx, cancellationToken: ct))];

    /// <summary>Stores a drawn sample (households in sample order); returns its id.</summary>
    public static async Task<long> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string unit, long seed, string? stratifyBy, string requestedJson,
        int population, IReadOnlyList<(PopulationRow Row, string Stratum)> sample, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long>(new CommandDefinition(SqlResources.Get("fld_inspection_insert.sql"), new
        {
            unit,
            seed,
            stratify_by = stratifyBy,
            requested = requestedJson,
            population,
            ids = sample.Select(s => s.Row.Id).ToArray(),
            strata = sample.Select(s => s.Stratum).ToArray(),
            counties = sample.Select(s => s.Row.CountyCode).ToArray(),
            settled = sample.Select(s => s.Row.Settled).ToArray(),
        }, tx, cancellationToken: ct));

    public static async Task<InspectionHeader?> GetAsync(NpgsqlConnection conn, long id, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<InspectionHeader>(new CommandDefinition(SqlResources.Get("fld_inspection_get.sql"), new { id }, cancellationToken: ct));

    public static async Task<List<InspectedHousehold>> HouseholdsAsync(NpgsqlConnection conn, long id, CancellationToken ct) =>
        [.. await conn.QueryAsync<InspectedHousehold>(new CommandDefinition(SqlResources.Get("fld_inspection_households.sql"), new { id }, cancellationToken: ct))];

    /// <summary>Null when the household is not in the inspection's sample.</summary>
    public static async Task<ResultState?> ResultAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long inspection, long household, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<ResultState>(new CommandDefinition(SqlResources.Get("fld_result_find.sql"), new { inspection, household }, tx, cancellationToken: ct));

    public static async Task UpsertResultAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long inspection, long household, string outcome,
        string[] fields, string? note, long[] evidence, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("fld_result_upsert.sql"),
            new { inspection, household, outcome, fields, note, evidence }, tx, cancellationToken: ct));
}
