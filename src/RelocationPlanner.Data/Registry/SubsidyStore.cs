using System.Data;
using Npgsql;
using NpgsqlTypes;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Data.Registry;

public sealed record EntitlementLine(string Component, string FundingSource, decimal Entitled, decimal Disbursed, decimal Outstanding);

public sealed record Entitlement(string HouseholdCode, string? PolicyCode, IReadOnlyList<EntitlementLine> Components, decimal EntitledTotal, decimal DisbursedTotal, decimal OutstandingTotal);

public sealed record DisbursementInput(string? HouseholdCode, string? Component, decimal Amount, DateOnly PaidOn, long? Reverses);

public sealed record Disbursement(long Id, string HouseholdCode, string Component, decimal Amount, DateOnly PaidOn, long? Reverses, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>Subsidy policies, entitlements and the append-only disbursement ledger.</summary>
public static class SubsidyStore
{
    public static async Task<RegistryResult<SubsidyPolicy>> CreatePolicyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, SubsidyPolicy p, CancellationToken ct)
    {
        await using (var check = new NpgsqlCommand(SqlResources.Get("sub_policy_checks.sql"), conn, tx))
        {
            check.Parameters.AddWithValue(p.RegionCode);
            check.Parameters.AddWithValue(p.Code);
            await using var r = await check.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            if (r.GetInt64(1) > 0) return RegistryResult<SubsidyPolicy>.Fail(RegistryFailure.Conflict, new FieldError("code", Rules.Unique, $"Policy {p.Code} exists already."));
            if (r.GetInt64(0) == 0) return RegistryResult<SubsidyPolicy>.Fail(RegistryFailure.Unprocessable, new FieldError("region_code", Rules.Reference, $"No administrative unit {p.RegionCode}."));
        }
        await using var cmd = new NpgsqlCommand(SqlResources.Get("sub_insert_policy.sql"), conn, tx);
        cmd.Parameters.AddWithValue(p.Code);
        cmd.Parameters.AddWithValue(p.RegionCode);
        cmd.Parameters.AddWithValue(p.ValidFrom);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)p.ValidTo ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        cmd.Parameters.AddWithValue(p.Basis);
        cmd.Parameters.AddWithValue(p.Components.Select(c => c.Name).ToArray());
        cmd.Parameters.AddWithValue(p.Components.Select(c => c.Amount).ToArray());
        cmd.Parameters.AddWithValue(p.Components.Select(c => c.FundingSource).ToArray());
        // Savepoint: an overlap refusal must leave the transaction usable for the caller's answer.
        await tx.SaveAsync("policy", ct);
        try { await cmd.ExecuteNonQueryAsync(ct); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ExclusionViolation)
        {
            await tx.RollbackAsync("policy", ct);
            return RegistryResult<SubsidyPolicy>.Fail(RegistryFailure.Conflict,
                new FieldError("valid_from", Rules.NoOverlap, $"Region {p.RegionCode} already has a policy valid during part of this period; one policy per region per day."));
        }
        return RegistryResult<SubsidyPolicy>.Success(p);
    }

    public static async Task<List<SubsidyPolicy>> ListPoliciesAsync(NpgsqlDataSource db, string? region, string? code, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("sub_policies.sql"));
        cmd.Parameters.Add(RegistryStore.Text(region));
        cmd.Parameters.Add(RegistryStore.Text(code));
        var list = new List<SubsidyPolicy>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var c = new PolicyComponent(r.GetString("name"), Money.Normalize(r.GetDecimal("amount")), r.GetString("funding_source"));
            if (list.Count > 0 && list[^1].Code == r.GetString("code")) ((List<PolicyComponent>)list[^1].Components).Add(c);
            else list.Add(new SubsidyPolicy(r.GetString("code"), r.GetString("region_code"), r.GetFieldValue<DateOnly>("valid_from"), r.ValueOrNull<DateOnly>("valid_to"), r.GetString("basis"), new List<PolicyComponent> { c }));
        }
        return list;
    }

    /// <summary>Null when the household does not exist.</summary>
    public static async Task<Entitlement?> EntitlementAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string code, CancellationToken ct)
    {
        var lines = await LinesAsync(conn, tx, code, ct);
        if (lines is null) return null;
        var items = lines.Value.Lines.Select(l => new EntitlementLine(l.Component, l.Source, l.Entitled, l.Paid, Money.Normalize(l.Entitled - l.Paid))).ToList();
        return new Entitlement(code, lines.Value.Policy, items, Money.Normalize(items.Sum(i => i.Entitled)),
            Money.Normalize(items.Sum(i => i.Disbursed)), Money.Normalize(items.Sum(i => i.Outstanding)));
    }

    sealed record Line(long ComponentId, string Component, string Source, decimal Entitled, decimal Paid);

    static async Task<(long HouseholdId, string? Policy, List<Line> Lines)?> LinesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string code, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(SqlResources.Get("sub_entitlement.sql"), conn, tx);
        cmd.Parameters.AddWithValue(code);
        long? id = null; string? policy = null;
        var lines = new List<Line>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            id = r.GetInt64("id");
            if (r.IsDBNull("component_id")) continue;
            policy = r.GetString("policy_code");
            lines.Add(new Line(r.GetInt64("component_id"), r.GetString("component"), r.GetString("funding_source"), Money.Normalize(r.GetDecimal("amount")), Money.Normalize(r.GetDecimal("paid"))));
        }
        return id is null ? null : (id.Value, policy, lines);
    }

    /// <summary>A household's ledger entries, payments and reversals, in recorded order.</summary>
    public static async Task<List<Disbursement>> LedgerAsync(NpgsqlDataSource db, string code, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("sub_ledger.sql"));
        cmd.Parameters.AddWithValue(code);
        var list = new List<Disbursement>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new Disbursement(r.GetInt64("id"), r.GetString("household_code"), r.GetString("component"), Money.Normalize(r.GetDecimal("amount")),
                r.GetFieldValue<DateOnly>("paid_on"), r.ValueOrNull<long>("reverses"), r.GetString("recorded_by"), r.GetFieldValue<DateTimeOffset>("recorded_at")));
        return list;
    }

    public static async Task<RegistryResult<Disbursement>> DisburseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DisbursementInput d, CancellationToken ct)
    {
        var householdCode = d.HouseholdCode;
        var component = d.Component;
        if (d.Reverses is { } rev)
        {
            await using var cmd = new NpgsqlCommand(SqlResources.Get("sub_disbursement.sql"), conn, tx);
            cmd.Parameters.AddWithValue(rev);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return Fail(RegistryFailure.Unprocessable, "reverses", "reference", $"No ledger entry {rev}.");
            var (paidTo, paidFor) = (r.GetString("household_code"), r.GetString("component"));
            if ((householdCode ?? paidTo) != paidTo || (component ?? paidFor) != paidFor)
                return Fail(RegistryFailure.Unprocessable, "reverses", "reversal_matches", $"Entry {rev} is a payment of {paidTo} / {paidFor}.");
            householdCode = paidTo; component = paidFor;
        }
        if (householdCode is null) return Fail(RegistryFailure.Invalid, "household_code", "required", "household_code is required.");
        if (component is null) return Fail(RegistryFailure.Invalid, "component", "required", "component is required.");
        var lines = await LinesAsync(conn, tx, householdCode, ct);
        if (lines is null) return Fail(RegistryFailure.Unprocessable, "household_code", "reference", $"No household {householdCode}.");
        var line = lines.Value.Lines.FirstOrDefault(l => l.Component == component);
        if (line is null)
            return Fail(RegistryFailure.Unprocessable, "component", "entitled_component", lines.Value.Lines.Count == 0
                ? $"Household {householdCode} has no entitlement (no registration date, or no policy of its region valid then)."
                : $"Household {householdCode} is entitled to {string.Join(", ", lines.Value.Lines.Select(l => l.Component))}; not {component}.");

        await using var ins = new NpgsqlCommand(SqlResources.Get("sub_insert_disbursement.sql"), conn, tx);
        ins.Parameters.AddWithValue(lines.Value.HouseholdId);
        ins.Parameters.AddWithValue(line.ComponentId);
        ins.Parameters.AddWithValue(d.Amount);
        ins.Parameters.AddWithValue(d.PaidOn);
        ins.Parameters.Add(new NpgsqlParameter { Value = (object?)d.Reverses ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        try
        {
            await using var r = await ins.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            return RegistryResult<Disbursement>.Success(new Disbursement(r.GetInt64("id"), householdCode, component, Money.Normalize(d.Amount), d.PaidOn, d.Reverses,
                r.GetString("recorded_by"), r.GetFieldValue<DateTimeOffset>("recorded_at")));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation && e.ConstraintName is { } name && name.StartsWith("disbursements_", StringComparison.Ordinal))
        {
            // The database's own refusal (the authority under concurrency), named for the caller.
            var (field, rule) = name switch
            {
                "disbursements_within_entitlement" => ("amount", "within_entitlement"),
                "disbursements_reversal_within_original" => ("amount", "reversal_within_original"),
                "disbursements_reversal_matches" => ("reverses", "reversal_matches"),
                "disbursements_reversal_dates_in_order" => ("paid_on", "dates_in_order"),
                "disbursements_household_active" => ("household_code", "household_active"),
                "disbursements_sign" => ("amount", "sign"),
                _ => ("component", "entitled_component"),
            };
            return Fail(rule == "within_entitlement" ? RegistryFailure.Conflict : RegistryFailure.Unprocessable, field, rule, e.MessageText);
        }
    }

    static RegistryResult<Disbursement> Fail(RegistryFailure f, string field, string rule, string message) =>
        RegistryResult<Disbursement>.Fail(f, new FieldError(field, rule, message));
}
