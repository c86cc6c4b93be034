using System.Data;
using Npgsql;

namespace RelocationPlanner.Data;

/// <summary>
/// Nullable columns read by name (System.Data's by-name reads cover the rest), so C# follows the
/// SQL's column names, not its column order.
/// </summary>
static class ReaderColumns
{
    public static string? TextOrNull(this NpgsqlDataReader r, string column) => r.IsDBNull(column) ? null : r.GetString(column);

    public static T? ValueOrNull<T>(this NpgsqlDataReader r, string column) where T : struct => r.IsDBNull(column) ? null : r.GetFieldValue<T>(column);
}
