using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using RelocationPlanner.Data;
using RelocationPlanner.Data.Migrations;

// Infrastructure benchmark: 200k road segments, 50k power-line segments, 100 counties.
// Loads a fresh database deterministically, then times the county report from the precomputed
// parts, the update after one road edit, and the naive alternative (clip everything per request).
// Usage: dotnet run --project tools/bench/infrastructure -c Release -- <server URL> [roads] [power] [wells]
var server = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("RP_DATABASE_URL")
    ?? throw new InvalidOperationException("Pass a PostgreSQL server URL (tools/pg start DIR prints one).");
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
var roads = Arg(1, 200_000);
var power = Arg(2, 50_000);
var wells = Arg(3, 10_000);
const int Comparison = 20_000;
var asm = typeof(Program).Assembly;
string Sql(string name) => SqlResources.Get(name, asm);

var admin = new NpgsqlConnectionStringBuilder(Database.ToConnectionString(server)) { Database = "postgres", Pooling = false };
await using (var c = new NpgsqlConnection(admin.ConnectionString))
{
    await c.OpenAsync();
    await new NpgsqlCommand("DROP DATABASE IF EXISTS rp_bench_infra WITH (FORCE)", c).ExecuteNonQueryAsync();
    await new NpgsqlCommand("CREATE DATABASE rp_bench_infra", c).ExecuteNonQueryAsync();
}
admin.Database = "rp_bench_infra";
admin.Pooling = true;
admin.CommandTimeout = 3600;
await using var db = Database.CreateDataSource(admin.ConnectionString, "infra-bench");
await Migrator.MigrateAsync(db, CancellationToken.None);
await using var conn = await db.OpenConnectionAsync();
// This benchmark times the clipping inside each statement, as before bulk writes were queued for
// the background refresh (0510_refresh_backlog.sql): every statement here recomputes at once.
await using (var sync = new NpgsqlCommand("SET rp.refresh_sync_limit = 2000000000", conn)) await sync.ExecuteNonQueryAsync();
Console.WriteLine($"PostgreSQL {conn.PostgreSqlVersion}, {Environment.ProcessorCount} cores; roads {roads:N0}, power lines {power:N0}, wells {wells:N0}");

async Task<double> Time(string what, string sql, params object[] ps)
{
    await using var cmd = new NpgsqlCommand(sql, conn);
    foreach (var p in ps) cmd.Parameters.AddWithValue(p);
    var sw = Stopwatch.StartNew();
    await using (var r = await cmd.ExecuteReaderAsync()) while (await r.ReadAsync()) { }
    var ms = sw.Elapsed.TotalMilliseconds;
    if (what.Length > 0) Console.WriteLine($"  {what,-62} {ms,10:N0} ms");
    return ms;
}

async Task<double> Median(int runs, Func<Task<double>> run)
{
    var times = new List<double>();
    for (var i = 0; i < runs; i++) times.Add(await run());
    times.Sort();
    return times[runs / 2];
}

Console.WriteLine("Load");
await Time("", "SELECT setseed(0.2016)");
await Time("units: 100 counties + 1 city", Sql("bench_units.sql"));

// Trigger cost on equal batches: history only, + statement-level parts, + row-level parts.
await Time("", "ALTER TABLE roads DISABLE TRIGGER infra_parts_ins");
var historyOnly = await Time($"roads {Comparison:N0}: history trigger only (no parts)", Sql("bench_roads.sql"), 1, Comparison, "CMP-H");
await Time("", "ALTER TABLE roads ENABLE TRIGGER infra_parts_ins");
var statement = await Time($"roads {Comparison:N0}: + statement-level parts trigger", Sql("bench_roads.sql"), 1, Comparison, "CMP-S");
await Time("", Sql("bench_row_trigger.sql"));
var row = await Time($"roads {Comparison:N0}: + row-level parts trigger (comparison)", Sql("bench_roads.sql"), 1, Comparison, "CMP-R");
await Time("", Sql("bench_row_trigger_drop.sql"));
await Time("", "DELETE FROM roads WHERE code LIKE 'CMP-%'");

var loadRoads = await Time($"roads {roads:N0} (one INSERT ... SELECT, all triggers)", Sql("bench_roads.sql"), 1, roads, "BR");
var loadPower = await Time($"power lines {power:N0}", Sql("bench_power.sql"), power);
await Time($"wells {wells:N0}", Sql("bench_wells.sql"), wells);
await Time("VACUUM ANALYZE", "VACUUM ANALYZE");
await using (var cmd = new NpgsqlCommand("SELECT count(*), count(DISTINCT (entity, feature_id)) FROM infra_unit_parts", conn))
await using (var r = await cmd.ExecuteReaderAsync())
{
    await r.ReadAsync();
    Console.WriteLine($"  parts: {r.GetInt64(0):N0} rows for {r.GetInt64(1):N0} features");
}

// The county report exactly as the endpoint runs it (Data/Infrastructure/infra_report.sql).
var report = SqlResources.Get("infra_report.sql");
async Task<double> County(int? year = null)
{
    await using var cmd = new NpgsqlCommand(report, conn);
    object?[] values = ["county", null, year, null, null, null];
    NpgsqlDbType[] types = [NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Numeric];
    for (var i = 0; i < values.Length; i++) cmd.Parameters.Add(new NpgsqlParameter { Value = values[i] ?? DBNull.Value, NpgsqlDbType = types[i] });
    var sw = Stopwatch.StartNew();
    await using (var r = await cmd.ExecuteReaderAsync()) while (await r.ReadAsync()) { }
    return sw.Elapsed.TotalMilliseconds;
}

Console.WriteLine("County report");
await County();
var reportMs = await Median(5, () => County());
Console.WriteLine($"  {"precomputed parts: GROUP BY (median of 5)",-62} {reportMs,10:N0} ms");
var yearMs = await Median(5, () => County(2016));
Console.WriteLine($"  {"precomputed parts, year=2016 (median of 5)",-62} {yearMs,10:N0} ms");
var naiveMs = await Time("naive: ST_Intersection of every line per request (1 run)", Sql("bench_naive_report.sql"));

Console.WriteLine("One road edit (moved across a county border, completed), committed, then the report");
var edits = new List<(double Edit, double Total)>();
for (var k = 0; k < 5; k++)
{
    var code = "BR" + (1 + (k * 37_013 % roads)).ToString(CultureInfo.InvariantCulture);
    var sw = Stopwatch.StartNew();
    await using (var tx = await Database.BeginAsUserAsync(conn, "bench", CancellationToken.None))
    {
        await using var cmd = new NpgsqlCommand(Sql("bench_edit_road.sql"), conn, tx);
        cmd.Parameters.AddWithValue(code);
        cmd.Parameters.AddWithValue(0.25);
        await cmd.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }
    var edit = sw.Elapsed.TotalMilliseconds;
    await County();
    edits.Add((edit, sw.Elapsed.TotalMilliseconds));
}
edits.Sort();
Console.WriteLine($"  {"edit + trigger + commit (median of 5)",-62} {edits[2].Edit,10:N0} ms");
Console.WriteLine($"  {"edit, commit and the county report again (median of 5)",-62} {edits[2].Total,10:N0} ms");

Console.WriteLine("One county polygon edit (grown by 0.05 degrees), recomputing the lines on it");
var unitMs = await Time("", "UPDATE admin_units SET geom = ST_Multi(ST_Buffer(ST_Envelope(geom), 0.05, 'join=mitre')) WHERE code = 'B55'");
Console.WriteLine($"  {"unit edit + recompute of its features",-62} {unitMs,10:N0} ms");

Console.WriteLine();
Console.WriteLine("| measure | figure |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| county report, precomputed parts (median of 5) | {reportMs:N0} ms |");
Console.WriteLine($"| county report, year=2016 filter (median of 5) | {yearMs:N0} ms |");
Console.WriteLine($"| county report, naive clipping per request | {naiveMs:N0} ms |");
Console.WriteLine($"| one road edit incl. trigger + commit (median of 5) | {edits[2].Edit:N0} ms |");
Console.WriteLine($"| one road edit + county report again (median of 5) | {edits[2].Total:N0} ms |");
Console.WriteLine($"| one county polygon edit + recompute | {unitMs:N0} ms |");
Console.WriteLine($"| load {roads:N0} roads (all triggers) | {loadRoads / 1000:N1} s |");
Console.WriteLine($"| load {power:N0} power lines | {loadPower / 1000:N1} s |");
Console.WriteLine($"| {Comparison:N0} roads: history only / + statement parts / + row parts | {historyOnly / 1000:N1} s / {statement / 1000:N1} s / {row / 1000:N1} s |");
