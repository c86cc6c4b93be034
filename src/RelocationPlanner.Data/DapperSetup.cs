using System.Data;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Dapper;

namespace RelocationPlanner.Data;

/// <summary>
/// How Dapper maps rows here, set once when this assembly loads: columns by name (snake_case
/// columns to PascalCase members), <c>date</c> to <see cref="DateOnly"/> and <c>jsonb</c> text to
/// <see cref="JsonElement"/>. Queries bind named parameters (<c>@code</c>).
/// </summary>
static class DapperSetup
{
#pragma warning disable CA2255 // Dapper's type maps are process-wide by design: this library's rows are read with them, so they are set as it loads.
    [ModuleInitializer]
    internal static void Init()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
        SqlMapper.AddTypeHandler(new JsonHandler());
        SqlMapper.AddTypeHandler(new JsonRecordHandler<Field.EvidenceExif>());
    }
#pragma warning restore CA2255

    sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime t => DateOnly.FromDateTime(t),
            _ => throw new InvalidCastException($"Cannot read {value.GetType().Name} as a date."),
        };

        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = DbType.Date;
            parameter.Value = value;
        }
    }

    static readonly JsonSerializerOptions Snake = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>A named record as the jsonb it is stored as (snake_case members, as the API writes them).</summary>
    internal static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Snake);

    /// <summary>jsonb text written by <see cref="ToJson"/> read back.</summary>
    internal static T FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json, Snake) ?? throw new InvalidCastException($"null is no {typeof(T).Name}.");

    /// <summary>jsonb text read into a named record.</summary>
    sealed class JsonRecordHandler<T> : SqlMapper.TypeHandler<T> where T : class
    {
        public override T? Parse(object value) =>
            JsonSerializer.Deserialize<T>(value as string ?? throw new InvalidCastException("jsonb arrives as text."), Snake);

        public override void SetValue(IDbDataParameter parameter, T? value) => parameter.Value = value is null ? DBNull.Value : ToJson(value);
    }

    sealed class JsonHandler : SqlMapper.TypeHandler<JsonElement>
    {
        public override JsonElement Parse(object value)
        {
            using var doc = JsonDocument.Parse(value as string ?? throw new InvalidCastException("jsonb arrives as text."));
            return doc.RootElement.Clone();
        }

        public override void SetValue(IDbDataParameter parameter, JsonElement value)
        {
            parameter.Value = value.GetRawText();
        }
    }
}
