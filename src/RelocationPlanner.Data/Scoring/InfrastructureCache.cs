using Microsoft.Extensions.Logging;
using Npgsql;
using RelocationPlanner.Core.Scoring;

namespace RelocationPlanner.Data.Scoring;

/// <summary>
/// The in-memory mirror of the infrastructure tables that scoring reads, keyed on their
/// <c>data_versions</c>. Every request reads the counters (one indexed query) and gets an index
/// that matches them: when a table changed since the cached copy, that table (only) is reloaded
/// in one REPEATABLE READ snapshot with its version, so a committed change to a road is in the
/// very next score. Snapshots are immutable; requests running during a reload keep the old one.
/// </summary>
public sealed class InfrastructureCache(NpgsqlDataSource db, ILogger<InfrastructureCache> log)
{
    readonly SemaphoreSlim _reload = new(1, 1);
    volatile InfrastructureIndex? _current;

    /// <summary>The index matching the database's current data versions.</summary>
    public Task<InfrastructureIndex> GetAsync(CancellationToken ct) => GetAsync(db, ct);

    /// <summary>
    /// The index matching the data versions of <paramref name="source"/> (a standby's may trail the
    /// primary's; an index newer than them is served as it is, never an older one).
    /// </summary>
    public async Task<InfrastructureIndex> GetAsync(NpgsqlDataSource source, CancellationToken ct)
    {
        var versions = await DataVersions.ReadAsync(source, ScoringData.InfrastructureTables, ct);
        var current = _current;
        if (current is not null && current.IsAtLeast(versions)) return current;

        await _reload.WaitAsync(ct);
        try
        {
            current = _current;
            // Someone reloaded while we waited: good enough if it saw at least our versions.
            if (current is not null && current.IsAtLeast(versions)) return current;
            var stale = ScoringData.LayerQueries.Keys
                .Where(l => current is null || current.Versions[l] != versions[l]).ToArray();
            var started = System.Diagnostics.Stopwatch.StartNew();
            var snapshot = await ScoringData.LoadAsync(source, stale, ct);
            var next = InfrastructureIndex.Build(current, snapshot, stale);
            _current = next;
            log.LogInformation("Scoring index reloaded {Layers} in {Ms} ms", string.Join(",", stale), started.ElapsedMilliseconds);
            return next;
        }
        finally
        {
            _reload.Release();
        }
    }
}
