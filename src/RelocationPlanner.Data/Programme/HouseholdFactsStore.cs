using Dapper;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Programme;
using RelocationPlanner.Data.Registry;

namespace RelocationPlanner.Data.Programme;

/// <summary>The programme's facts of a household: a partial update under If-Match (history kept by the households' trigger).</summary>
public static class HouseholdFactsStore
{
    sealed class Locked
    {
        public long Id { get; init; }
        public int Members { get; init; }
        public int Version { get; init; }
    }

    /// <summary>
    /// Puts the given facts in (null clears one), when <paramref name="version"/> is the stored one;
    /// the rules are checked on the household as it will be. Returns the household as stored.
    /// </summary>
    public static async Task<RegistryResult<HouseholdDetail>> PatchAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string code, int version,
        IReadOnlyDictionary<string, object?> given, CancellationToken ct)
    {
        var locked = await conn.QuerySingleOrDefaultAsync<Locked>(new CommandDefinition(
            SqlResources.Get("prog_lock_household.sql"), new { code }, tx, cancellationToken: ct));
        if (locked is null) return RegistryResult<HouseholdDetail>.Fail(RegistryFailure.NotFound, new FieldError("code", Rules.NotFound, $"No household {code}."));
        if (locked.Version != version)
            return RegistryResult<HouseholdDetail>.Fail(RegistryFailure.Stale,
                new FieldError("If-Match", Rules.StaleEtag, $"Household {code} is at version {locked.Version}, not {version}: read it again."));
        var current = (await RegistryStore.GetAsync(conn, tx, code, ct))!;
        var facts = HouseholdFactRules.Apply(current.Facts(), given);
        var errors = HouseholdFactRules.Check(facts, locked.Members);
        if (errors.Count > 0) return RegistryResult<HouseholdDetail>.Fail(RegistryFailure.Invalid, [.. errors]);
        await conn.ExecuteAsync(new CommandDefinition(SqlResources.Get("prog_update_facts.sql"), new
        {
            id = locked.Id,
            house_area_m2 = facts.HouseAreaM2,
            self_paid = facts.SelfPaid,
            labour_members = facts.LabourMembers,
            old_house_demolished_on = facts.OldHouseDemolishedOn,
            homestead_reclaimed_on = facts.HomesteadReclaimedOn,
            old_house_exempt_reason = facts.OldHouseExemptReason,
        }, tx, cancellationToken: ct));
        return RegistryResult<HouseholdDetail>.Success((await RegistryStore.GetAsync(conn, tx, code, ct))!);
    }
}
