using RelocationPlanner.Core.Features;

namespace RelocationPlanner.Core.Registry;

/// <summary>A payment of a ledger import.</summary>
public sealed record DisbursementRow(string HouseholdCode, string Component, decimal Amount, DateOnly PaidOn);

/// <summary>
/// The payment list an office gets back from the bank, as CSV: one payment a line, the same rules
/// as one payment posted alone (positive amount written like 1234.56, a date not in the future);
/// reversals are posted one at a time, naming the entry they reverse.
/// </summary>
public static class DisbursementCsv
{
    public static readonly IReadOnlyList<string> Header = ["household_code", "component", "amount", "paid_on"];

    public static RowError? CheckHeader(IReadOnlyList<string>? fields) =>
        fields is not null && fields.Select(f => f.Trim().TrimStart('\uFEFF')).SequenceEqual(Header)
            ? null
            : new RowError(1, "header", "header", $"The first line must be exactly: {string.Join(',', Header)}");

    /// <summary>One record (line numbers count the header as 1); null when refused.</summary>
    public static (DisbursementRow? Row, List<RowError> Errors) Parse(long line, IReadOnlyList<string> f, DateOnly today)
    {
        var errors = new List<RowError>();
        if (f.Count != Header.Count) return (null, [new RowError(line, "$", Rules.ColumnCount, $"Expected {Header.Count} columns, found {f.Count}.")]);
        var code = f[0].Trim();
        if (!HouseholdRules.IsCode(code)) errors.Add(new RowError(line, "household_code", Rules.CodeFormat, "household_code must be 1-64 letters, digits, '_', '.' or '-'."));
        var component = f[1].Trim();
        if (component.Length is 0 or > 64) errors.Add(new RowError(line, "component", Rules.Required, "component is the name of one of the household's entitlement components."));
        var (amount, error) = Money.Parse(f[2].Trim());
        if (error is not null) errors.Add(new RowError(line, "amount", Rules.Decimal, "amount " + error + "."));
        else if (amount <= 0) errors.Add(new RowError(line, "amount", Rules.Positive, "A payment is positive; reverse a payment on its own, naming the entry."));
        var paid = HouseholdCsv.Date(line, "paid_on", f[3], errors, required: true);
        if (paid > today) errors.Add(new RowError(line, "paid_on", Rules.NotInFuture, $"paid_on {paid:yyyy-MM-dd} is in the future: the ledger records payments made."));
        return errors.Count > 0 ? (null, errors) : (new DisbursementRow(code, component, amount!.Value, paid!.Value), errors);
    }
}
