using System.Globalization;
using System.Text.Json;

namespace RelocationPlanner.Core.Registry;

/// <summary>
/// Money in yuan, always <see cref="decimal"/> with two decimals (fen). JSON may carry an
/// amount as a number or a decimal string; both are read exactly, never through double.
/// </summary>
public static class Money
{
    public const decimal Max = 999_999_999_999.99m; // numeric(14, 2)

    /// <summary>Reads an amount; null with a reason when it is not an exact amount of at most 2 decimals.</summary>
    public static (decimal? Value, string? Error) Read(JsonElement e)
    {
        string text;
        if (e.ValueKind == JsonValueKind.Number) text = e.GetRawText();
        else if (e.ValueKind == JsonValueKind.String) text = e.GetString()!.Trim();
        else return (null, "must be a number or a decimal string");
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var v))
            return (null, "is not a decimal amount");
        if (decimal.Round(v, 2) != v) return (null, "has more than 2 decimals (fen)");
        if (Math.Abs(v) > Max) return (null, "is larger than 999,999,999,999.99");
        return (Normalize(v), null);
    }

    /// <summary>Two decimals exactly, so JSON and CSV show 60000.00, not 6E+4 or 60000.</summary>
    public static decimal Normalize(decimal v) => decimal.Round(v, 2) + 0.00m;

    public static string Format(decimal v) => Normalize(v).ToString("0.00", CultureInfo.InvariantCulture);
}
