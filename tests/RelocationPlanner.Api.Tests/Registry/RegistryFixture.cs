using System.Net.Http.Json;
using System.Text;
using Npgsql;

namespace RelocationPlanner.Api.Tests.Registry;

/// <summary>A service with Ordos' units (15 / 1506 / Dalad 150621 / Jungar 150622) seeded once.</summary>
public class RegistryFixture : ServiceFixture, IAsyncLifetime
{
    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await SeedUnitsAsync();
        await SeedAsync();
    }

    /// <summary>The registry CSV's header.</summary>
    public const string CsvHeader = "household_code,head_name,members,county_code,origin_settlement_code,site_code,settlement_type,registered_on,keys_claimed_on,moved_in_on";

    /// <summary>What a test class adds to the seeded units.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    public Task<HttpResponseMessage> PostJson(string path, object body) => Http.PostAsJsonAsync(path, body);

    public Task<HttpResponseMessage> PostCsv(string csv) =>
        Http.PostAsync("/api/households/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Service.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }
}
