using System.Data;
using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Data.Registry;

public sealed record HouseholdSummary(string Code, string HeadName, int Members, string UnitCode, string? SiteCode,
    string SettlementType, string Status, DateOnly? RegisteredOn, DateOnly? KeysClaimedOn, DateOnly? MovedInOn);

/// <summary>One household as GET /api/households/{code} answers it, read by column name; money and areas with two decimals.</summary>
public sealed class HouseholdDetail
{
    public long Id { get; init; }
    public required string Code { get; init; }
    public required string HeadName { get; init; }
    public int Members { get; init; }
    public required string UnitCode { get; init; }
    public string? OriginSettlementCode { get; init; }
    public string? SiteCode { get; init; }
    public required string SettlementType { get; init; }
    public decimal? AnnualNetIncome { get; init; }
    public string? Reason { get; init; }
    public required string Status { get; init; }
    public int Version { get; init; }
    public decimal? HouseAreaM2 { get; init; }
    public decimal? SelfPaid { get; init; }
    public int? LabourMembers { get; init; }
    public DateOnly? OldHouseDemolishedOn { get; init; }
    public DateOnly? HomesteadReclaimedOn { get; init; }
    public string? OldHouseExemptReason { get; init; }
    public JsonElement Persons { get; init; }
    public JsonElement Milestones { get; init; }

    /// <summary>The programme's facts as the rules read them.</summary>
    public HouseholdFacts Facts() => new(HouseAreaM2, SelfPaid, LabourMembers, OldHouseDemolishedOn, HomesteadReclaimedOn, OldHouseExemptReason);
}

/// <summary>What the household list filters by: unit (with everything below it), site, latest milestone, a search (code prefix or part of the head's name), a compliance flag as of today.</summary>
public sealed record HouseholdFilter(string? Unit, string? Site, string? Status, string? Search, string? Flag);

/// <summary>One page of households; the counts of all matches come with the first page only (null after).</summary>
/// <summary>A page; the first one also counts. <see cref="TotalCapped"/>: a search or a flag matched more than
/// <see cref="RegistryStore.CountCap"/> households, which is what TotalHouseholds then says (no people).</summary>
public sealed record HouseholdRows(List<HouseholdSummary> Households, long? TotalHouseholds, long? TotalPeople, bool TotalCapped);

public sealed record MilestoneRecorded(string HouseholdCode, string Milestone, DateOnly Date, string Status);

/// <summary>The real-name registry: households with their members, and their milestones.</summary>
public static class RegistryStore
{
    public static async Task<RegistryResult<long>> CreateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, HouseholdInput h, CancellationToken ct)
    {
        var errors = await CheckReferencesAsync(conn, tx, h, ct);
        if (errors.Count > 0)
            return RegistryResult<long>.Fail(errors[0].Rule == "unique" ? RegistryFailure.Conflict : RegistryFailure.Unprocessable, [.. errors]);

        long id;
        await using (var cmd = new NpgsqlCommand(SqlResources.Get("reg_insert_household.sql"), conn, tx))
        {
            cmd.Parameters.AddWithValue(h.Code);
            cmd.Parameters.AddWithValue(h.HeadName);
            cmd.Parameters.AddWithValue(h.Members);
            cmd.Parameters.AddWithValue(h.UnitCode);
            cmd.Parameters.Add(Text(h.OriginSettlementCode));
            cmd.Parameters.Add(Text(h.SiteCode));
            cmd.Parameters.AddWithValue(h.SettlementType);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)h.AnnualNetIncome ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
            cmd.Parameters.Add(Text(h.Reason));
            var f = h.Facts ?? HouseholdFacts.None;
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)f.HouseAreaM2 ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)f.SelfPaid ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)f.LabourMembers ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)f.OldHouseDemolishedOn ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)f.HomesteadReclaimedOn ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
            cmd.Parameters.Add(Text(f.OldHouseExemptReason));
            id = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }
        if (h.Persons.Count > 0)
        {
            await using var cmd = new NpgsqlCommand(SqlResources.Get("reg_insert_persons.sql"), conn, tx);
            cmd.Parameters.AddWithValue(id);
            cmd.Parameters.AddWithValue(h.Persons.Select(p => p.Name).ToArray());
            cmd.Parameters.Add(new NpgsqlParameter { Value = h.Persons.Select(p => (object?)p.IdCard ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            cmd.Parameters.AddWithValue(h.Persons.Select(p => p.Relation).ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }
        // The dated events given with the record, in order (the trigger checks them again).
        var events = new List<(string, DateOnly)> { (Milestones.Registered, h.RegisteredOn) };
        if (h.KeysClaimedOn is { } k) events.Add((Milestones.KeysClaimed, k));
        if (h.MovedInOn is { } m) events.Add((Milestones.MovedIn, m));
        foreach (var (milestone, date) in events) await InsertMilestoneAsync(conn, tx, id, milestone, date, ct);
        return RegistryResult<long>.Success(id);
    }

    static async Task<List<FieldError>> CheckReferencesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, HouseholdInput h, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        await using var cmd = new NpgsqlCommand(SqlResources.Get("reg_references.sql"), conn, tx);
        cmd.Parameters.AddWithValue(h.UnitCode);
        cmd.Parameters.Add(Text(h.OriginSettlementCode));
        cmd.Parameters.Add(Text(h.SiteCode));
        cmd.Parameters.AddWithValue(h.Code);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        if (r.GetInt64(3) > 0) errors.Add(new("code", Rules.Unique, $"Household {h.Code} is already registered."));
        if (r.GetInt64(0) == 0) errors.Add(new("unit_code", Rules.Reference, $"No administrative unit {h.UnitCode}."));
        if (h.OriginSettlementCode is not null && r.GetInt64(1) == 0) errors.Add(new("origin_settlement_code", Rules.Reference, $"No settlement {h.OriginSettlementCode}."));
        if (h.SiteCode is not null && r.GetInt64(2) == 0) errors.Add(new("site_code", Rules.Reference, $"No site {h.SiteCode}."));
        return errors;
    }

    /// <summary>Records a milestone if it moves the household forward; the household is locked meanwhile.</summary>
    public static async Task<RegistryResult<MilestoneRecorded>> AddMilestoneAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        string code, string milestone, DateOnly date, CancellationToken ct)
    {
        long? id = null;
        var recorded = new List<(string, DateOnly)>();
        await using (var cmd = new NpgsqlCommand(SqlResources.Get("reg_lock_household.sql"), conn, tx))
        {
            cmd.Parameters.AddWithValue(code);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                id = r.GetInt64("id");
                if (!r.IsDBNull("milestone")) recorded.Add((r.GetString("milestone"), r.GetFieldValue<DateOnly>("on_date")));
            }
        }
        if (id is null) return RegistryResult<MilestoneRecorded>.Fail(RegistryFailure.NotFound, new FieldError("code", Rules.NotFound, $"No household {code}."));
        if (Milestones.CheckNext(recorded, milestone, date) is { } error)
            return RegistryResult<MilestoneRecorded>.Fail(error.Rule == "enum" ? RegistryFailure.Invalid : RegistryFailure.Conflict, error);
        await InsertMilestoneAsync(conn, tx, id.Value, milestone, date, ct);
        var latest = recorded.Select(x => x.Item1).Append(milestone).MaxBy(Milestones.Rank)!;
        return RegistryResult<MilestoneRecorded>.Success(new MilestoneRecorded(code, milestone, date, latest));
    }

    static async Task InsertMilestoneAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, string milestone, DateOnly date, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(SqlResources.Get("reg_insert_milestone.sql"), conn, tx);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(milestone);
        cmd.Parameters.AddWithValue(date);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<HouseholdDetail?> GetAsync(NpgsqlDataSource db, string code, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await GetAsync(conn, null, code, ct);
    }

    /// <summary>One household by code, in the caller's transaction (a partial update reads what it changes).</summary>
    public static async Task<HouseholdDetail?> GetAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string code, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<HouseholdDetail>(new CommandDefinition(SqlResources.Get("reg_household.sql"), new { code }, tx, cancellationToken: ct));

    /// <summary>
    /// How many matches of a search or a compliance flag the first page counts: a common given name
    /// matches a hundred thousand households nationally and a flag several hundred thousand, and
    /// counting them all cost seconds a page. Units and statuses alone are counted exactly (from
    /// household_counts); the compliance report gives a flag's exact figures per unit.
    /// </summary>
    public const int CountCap = 1000;

    /// <summary>
    /// Keyset paging by code: pass the last code of a page as <paramref name="after"/>. The first
    /// page (no <paramref name="after"/>) also counts the households and people that match.
    /// </summary>
    public static async Task<HouseholdRows> ListAsync(NpgsqlDataSource db, HouseholdFilter f, string? after, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("reg_households_list.sql"));
        cmd.Parameters.Add(Text(f.Unit));
        cmd.Parameters.Add(Text(f.Site));
        cmd.Parameters.Add(Text(f.Status));
        cmd.Parameters.Add(Text(after));
        cmd.Parameters.AddWithValue(limit);
        cmd.Parameters.Add(Text(f.Search));
        cmd.Parameters.Add(Text(f.Flag));
        cmd.Parameters.AddWithValue(CountCap);
        var list = new List<HouseholdSummary>();
        long? households = after is null ? 0 : null, people = after is null ? 0 : null;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new HouseholdSummary(r.GetString("code"), r.GetString("head_name"), r.GetInt32("members"), r.GetString("unit_code"), r.TextOrNull("site_code"),
                r.GetString("settlement_type"), r.GetString("status"), r.ValueOrNull<DateOnly>("registered_on"), r.ValueOrNull<DateOnly>("keys_claimed_on"), r.ValueOrNull<DateOnly>("moved_in_on")));
            if (r.ValueOrNull<long>("total_households") is { } total) { households = total; people = r.GetInt64("total_people"); }
        }
        return households > CountCap && (f.Search is not null || f.Flag is not null)
            ? new HouseholdRows(list, CountCap, null, true)
            : new HouseholdRows(list, households, people, false);
    }

    internal static NpgsqlParameter Text(string? s) => new() { Value = (object?)s ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
