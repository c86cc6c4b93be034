using Dapper;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Data.Import;
using RelocationPlanner.Data.Registry;

namespace RelocationPlanner.Data.Programme;

/// <summary>A spell of work as stored and listed.</summary>
public sealed class EmploymentRecord
{
    public long Id { get; init; }
    public required string HouseholdCode { get; init; }
    public int Member { get; init; }
    public string? PersonName { get; init; }
    public required string Kind { get; init; }
    public string? Employer { get; init; }
    public DateOnly StartedOn { get; init; }
    public DateOnly? EndedOn { get; init; }
    public required string CreatedBy { get; init; }
}

public sealed record EmploymentImportOutcome(long Imported, IReadOnlyList<RowError> Errors, long ErrorCount);

/// <summary>
/// Employment per member: one spell at a time (the member resolved against the household), or a CSV
/// import, all rows or none: parsed as it streams into a staging table, checked set-based against
/// the registry (household, member number within its size, a registered person's name once), then
/// stored by one INSERT ... SELECT (one compliance refresh for the whole file).
/// </summary>
public static class EmploymentStore
{
    public const int MaxReportedErrors = 1000;

    sealed class Resolved
    {
        public long HouseholdId { get; init; }
        public int Members { get; init; }
        public int? Member { get; init; }
        public long? PersonId { get; init; }
        public int Matches { get; init; }
    }

    public static async Task<RegistryResult<EmploymentRecord>> AddAsync(NpgsqlConnection conn, NpgsqlTransaction tx, EmploymentInput x, CancellationToken ct)
    {
        var r = await conn.QuerySingleOrDefaultAsync<Resolved>(new CommandDefinition(SqlResources.Get("prog_employment_member.sql"),
            new { code = x.HouseholdCode, number = x.Member.Number, name = x.Member.Name }, tx, cancellationToken: ct));
        if (r is null) return Fail(RegistryFailure.NotFound, "code", Rules.NotFound, $"No household {x.HouseholdCode}.");
        if (x.Member.Number is { } n && n > r.Members)
            return Fail(RegistryFailure.Unprocessable, "member", Rules.MemberInHousehold, $"Household {x.HouseholdCode} has {r.Members} members; there is no member {n}.");
        if (x.Member.Name is { } name && r.Matches != 1)
            return Fail(RegistryFailure.Unprocessable, "member", Rules.MemberInHousehold, r.Matches == 0
                ? $"No person named {name} is registered in household {x.HouseholdCode}; give the member's number instead."
                : $"{r.Matches} persons named {name} are registered in household {x.HouseholdCode}; give the member's number instead.");
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(SqlResources.Get("prog_insert_employment.sql"), new
        {
            household_id = r.HouseholdId,
            member = r.Member,
            person_id = r.PersonId,
            kind = x.Kind,
            employer = x.Employer,
            started_on = x.StartedOn,
            ended_on = x.EndedOn,
        }, tx, cancellationToken: ct));
        return RegistryResult<EmploymentRecord>.Success((await ListAsync(conn, tx, x.HouseholdCode!, ct)).Single(e => e.Id == id));
    }

    public static async Task<List<EmploymentRecord>> ListAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string code, CancellationToken ct) =>
        [.. await conn.QueryAsync<EmploymentRecord>(new CommandDefinition(SqlResources.Get("prog_employment_list.sql"), new { code }, tx, cancellationToken: ct))];

    public static async Task<EmploymentImportOutcome> ImportAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TextReader body, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("SET LOCAL work_mem = '256MB'", transaction: tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("prog_employment_stage.sql"), transaction: tx, cancellationToken: ct));
        var staged = await Staging.CopyAsync(conn, body, header => EmploymentRules.CheckHeader(header) is { } e ? (null, e) : (EmploymentRules.Parse, null), null, ct);
        if (staged.ErrorCount > 0) return new(0, staged.Errors, staged.ErrorCount);
        var errors = new List<RowError>();
        long errorCount = 0;

        await conn.ExecuteAsync(new CommandDefinition("ANALYZE employment_import_rows", transaction: tx, cancellationToken: ct));
        foreach (var e in await conn.QueryAsync<ImportError>(new CommandDefinition(SqlResources.Get("prog_employment_import_checks.sql"),
            new { max = MaxReportedErrors }, tx, commandTimeout: FeatureImporter.BulkTimeoutSeconds, cancellationToken: ct)))
        {
            errors.Add(new RowError(e.RowNo, e.Field, e.Rule, e.Message));
            errorCount = e.Total;
        }
        if (errorCount > 0) return new(0, errors, errorCount);
        var imported = await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("prog_employment_import_insert.sql"), transaction: tx,
            commandTimeout: FeatureImporter.BulkTimeoutSeconds, cancellationToken: ct));
        return new(imported, [], 0);
    }

    /// <summary>The staging table's columns (prog_employment_stage.sql) from a checked row.</summary>
    static readonly CsvStaging<EmploymentInput> Staging = new CsvStaging<EmploymentInput>("employment_import_rows") { MaxReportedErrors = MaxReportedErrors }
        .Text("household_code", r => r.HouseholdCode).Integer("member", r => r.Member.Number).Text("member_name", r => r.Member.Name)
        .Text("kind", r => r.Kind).Text("employer", r => r.Employer).Date("started_on", r => r.StartedOn).Date("ended_on", r => r.EndedOn);

    /// <summary>A row of a set-based import check (shared by the imports of this folder).</summary>
    internal sealed class ImportError
    {
        public long RowNo { get; init; }
        public required string Field { get; init; }
        public required string Rule { get; init; }
        public required string Message { get; init; }
        public long Total { get; init; }
    }

    static RegistryResult<EmploymentRecord> Fail(RegistryFailure f, string field, string rule, string message) =>
        RegistryResult<EmploymentRecord>.Fail(f, new FieldError(field, rule, message));
}
