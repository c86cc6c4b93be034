using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RelocationPlanner.Core.Registry;

/// <summary>
/// Money in yuan, always <see cref="decimal"/> with two decimals (fen). JSON may carry an
/// amount as a number or a decimal string, both written <c>-?digits(.d or .dd)</c> exactly: no
/// exponent, sign, spaces or thousands separators, since a person typed what the ledger keeps.
/// Read exactly, never through double.
/// </summary>
public static partial class Money
{
    [GeneratedRegex("^-?[0-9]{1,12}(\\.[0-9]{1,2})?$")]
    private static partial Regex Written();

    public const decimal Max = 999_999_999_999.99m; // numeric(14, 2)

    /// <summary>Reads an amount; null with a reason when it is not an exact amount of at most 2 decimals.</summary>
    public static (decimal? Value, string? Error) Read(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Number) return Parse(e.GetRawText());
        if (e.ValueKind == JsonValueKind.String) return Parse(e.GetString()!);
        return (null, "must be a number or a decimal string");
    }

    /// <summary>
    /// Reads an amount written as text (a CSV cell, a JSON string), with the same rule as
    /// <see cref="Read"/>. Also the reader of other two-decimal quantities kept as numeric(n, 2)
    /// (house areas in m2), which a person types the same way.
    /// </summary>
    public static (decimal? Value, string? Error) Parse(string text)
    {
        if (!Written().IsMatch(text))
            return (null, "must be written like 1234.56: digits with an optional minus and at most 2 decimals (no exponent, plus sign, spaces or separators), at most 999,999,999,999.99");
        var v = decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return (Normalize(v), null);
    }

    /// <summary>Today's date in China (UTC+8, no daylight saving), where payments are made: no payment is dated after it.</summary>
    public static DateOnly Today() => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    /// <summary>Two decimals exactly, so JSON and CSV show 60000.00, not 6E+4 or 60000.</summary>
    public static decimal Normalize(decimal v) => decimal.Round(v, 2) + 0.00m;

    public static string Format(decimal v) => Normalize(v).ToString("0.00", CultureInfo.InvariantCulture);
}
