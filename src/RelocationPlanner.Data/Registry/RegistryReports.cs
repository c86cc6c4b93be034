using System.Data;
using Npgsql;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Registry;

namespace RelocationPlanner.Data.Registry;

public sealed record SettledRateRow(string? UnitCode, string? UnitName, long Households, long People, long KeysClaimed, long MovedIn,
    long DeemedSettled, decimal MovedInRate, decimal DeemedSettledRate);

public sealed record SeriesPoint(string Month, DateOnly AsOf, long Households, long People, long KeysClaimed, long MovedIn,
    long DeemedSettled, decimal MovedInRate, decimal DeemedSettledRate);

public sealed record MoneyLine(decimal Entitled, decimal Disbursed, decimal Outstanding);

public sealed record SubsidyRow(string? UnitCode, string? UnitName, long Households, long People, decimal EntitledTotal, decimal DisbursedTotal,
    decimal OutstandingTotal, SortedDictionary<string, MoneyLine> ByComponent, SortedDictionary<string, MoneyLine> BySource);

/// <summary>Settled-rate and subsidy reports, rolled up the administrative tree (or by site).</summary>
public static class RegistryReports
{
    /// <summary>Levels a report can roll up to: the admin levels plus destination sites.</summary>
    public static readonly IReadOnlyList<string> Levels = ["province", "city", "county", "township", "village", "site"];

    /// <summary>The most months one series may span.</summary>
    public const int MaxSeriesMonths = 600;

    /// <summary>The months of a series: <paramref name="to"/> not before <paramref name="from"/>, at most <see cref="MaxSeriesMonths"/>.</summary>
    public static FieldError? CheckSeriesRange(DateOnly from, DateOnly to) =>
        to < from ? new("to", Rules.DatesInOrder, "to cannot precede from.")
        : (to.Year - from.Year) * 12 + to.Month - from.Month > MaxSeriesMonths ? new("to", Rules.Range, $"At most {MaxSeriesMonths} months per series.")
        : null;

    public static decimal Rate(long part, long whole) => whole == 0 ? 0m : decimal.Round((decimal)part / whole, 6);

    public static async Task<List<SettledRateRow>> SettledRatesAsync(NpgsqlDataSource db, string level, DateOnly asOf, string? within, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("rep_settled_rates.sql"));
        cmd.Parameters.AddWithValue(level);
        cmd.Parameters.AddWithValue(asOf);
        cmd.Parameters.Add(RegistryStore.Text(within));
        var rows = new List<SettledRateRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var (hh, keys, moved, deemed) = (r.GetInt64("households"), r.GetInt64("keys_claimed"), r.GetInt64("moved_in"), r.GetInt64("deemed"));
            rows.Add(new SettledRateRow(r.TextOrNull("code"), r.TextOrNull("name"), hh, r.GetInt64("people"), keys, moved, deemed, Rate(moved, hh), Rate(deemed, hh)));
        }
        return rows;
    }

    public static async Task<List<SeriesPoint>> SeriesAsync(NpgsqlDataSource db, string unit, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("rep_settled_series.sql"));
        cmd.Parameters.AddWithValue(unit);
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        var rows = new List<SeriesPoint>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var (hh, keys, moved, deemed) = (r.GetInt64("households"), r.GetInt64("keys_claimed"), r.GetInt64("moved_in"), r.GetInt64("deemed"));
            rows.Add(new SeriesPoint(r.GetString("month"), r.GetFieldValue<DateOnly>("as_of"), hh, r.GetInt64("people"), keys, moved, deemed, Rate(moved, hh), Rate(deemed, hh)));
        }
        return rows;
    }

    public static async Task<List<SubsidyRow>> SubsidiesAsync(NpgsqlDataSource db, string level, DateOnly asOf, string? within, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SqlResources.Get("rep_subsidies.sql"));
        cmd.Parameters.AddWithValue(level);
        cmd.Parameters.AddWithValue(asOf);
        cmd.Parameters.Add(RegistryStore.Text(within));
        var rows = new List<SubsidyRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var code = r.TextOrNull("code");
            if (rows.Count == 0 || rows[^1].UnitCode != code)
                rows.Add(new SubsidyRow(code, r.TextOrNull("name"), r.GetInt64("households"), r.GetInt64("people"), 0, 0, 0, [], []));
            if (r.IsDBNull("component")) continue;
            var (entitled, paid) = (r.GetDecimal("entitled"), r.GetDecimal("paid"));
            Add(rows[^1].ByComponent, r.GetString("component"), entitled, paid);
            Add(rows[^1].BySource, r.GetString("source"), entitled, paid);
        }
        return rows.Select(x => x with
        {
            EntitledTotal = Money.Normalize(x.ByComponent.Values.Sum(v => v.Entitled)),
            DisbursedTotal = Money.Normalize(x.ByComponent.Values.Sum(v => v.Disbursed)),
            OutstandingTotal = Money.Normalize(x.ByComponent.Values.Sum(v => v.Outstanding)),
        }).ToList();
    }

    static void Add(SortedDictionary<string, MoneyLine> d, string key, decimal entitled, decimal paid)
    {
        var old = d.GetValueOrDefault(key, new MoneyLine(0, 0, 0));
        var e = old.Entitled + entitled; var p = old.Disbursed + paid;
        d[key] = new MoneyLine(Money.Normalize(e), Money.Normalize(p), Money.Normalize(e - p));
    }

    /// <summary>The figures checked on every report: people &gt;= households, parts sum to totals.</summary>
    public static List<FieldError> Check(IEnumerable<SettledRateRow> rows) =>
        rows.SelectMany((r, i) => r.People < r.Households
            ? [new FieldError($"rows[{i}].people", Rules.PeopleGeHouseholds, $"{r.UnitCode}: {r.People} people in {r.Households} households.")]
            : Array.Empty<FieldError>()).ToList();

    public static List<FieldError> Check(IEnumerable<SubsidyRow> rows)
    {
        var w = new List<FieldError>();
        var i = 0;
        foreach (var r in rows)
        {
            if (r.People < r.Households) w.Add(new($"rows[{i}].people", Rules.PeopleGeHouseholds, $"{r.UnitCode}: {r.People} people in {r.Households} households."));
            if (r.BySource.Values.Sum(v => v.Entitled) != r.EntitledTotal || r.BySource.Values.Sum(v => v.Disbursed) != r.DisbursedTotal)
                w.Add(new($"rows[{i}].by_source", Rules.PartsSumToTotal, $"{r.UnitCode}: funding sources do not sum to the totals."));
            i++;
        }
        return w;
    }
}
