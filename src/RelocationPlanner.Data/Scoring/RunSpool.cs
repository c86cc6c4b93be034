using System.Text;
using Npgsql;
using NpgsqlTypes;
using RelocationPlanner.Core.Scoring;

namespace RelocationPlanner.Data.Scoring;

/// <summary>One saved site's result in a stored run (a row of scoring_run_sites).</summary>
public sealed record RunSiteResult(long SiteId, string? Code, double Score, bool Excluded, IReadOnlyList<string> Reasons, IReadOnlyList<CriterionResult> Criteria);

/// <summary>
/// A run's results as they are scored, kept in a temporary file (deleted on dispose) until the run
/// is stored, then copied from it into scoring_run_sites: memory stays flat whatever the number of
/// sites, and the transaction that stores the run lasts as long as the copy, not the scoring.
/// Each row is written in the order of its COPY columns, the criteria already as their jsonb text.
/// </summary>
public sealed class RunSpool : IAsyncDisposable
{
    readonly FileStream _file = new(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    readonly BinaryWriter _writer;

    public RunSpool() => _writer = new BinaryWriter(_file, Encoding.UTF8, leaveOpen: true);

    /// <summary>Rows written so far.</summary>
    public int Count { get; private set; }

    /// <summary>Appends one site's result.</summary>
    public void Add(long siteId, string? code, SiteResult result)
    {
        _writer.Write(siteId);
        _writer.Write(code is not null);
        if (code is not null) _writer.Write(code);
        _writer.Write(result.Score);
        _writer.Write(result.Excluded);
        _writer.Write(result.Reasons.Count);
        foreach (var reason in result.Reasons) _writer.Write(reason);
        _writer.Write(DapperSetup.ToJson(result.Criteria));
        Count++;
    }

    /// <summary>Copies every row into <paramref name="copy"/> (scoring_run_sites' columns) as rows of run <paramref name="runId"/>; reports rows copied.</summary>
    internal async Task CopyToAsync(NpgsqlBinaryImporter copy, long runId, Action<int>? copied, CancellationToken ct)
    {
        _writer.Flush();
        _file.Position = 0;
        using var reader = new BinaryReader(_file, Encoding.UTF8, leaveOpen: true);
        for (int row = 0; row < Count; row++)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(runId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(reader.ReadInt64(), NpgsqlDbType.Bigint, ct);
            if (reader.ReadBoolean()) await copy.WriteAsync(reader.ReadString(), NpgsqlDbType.Text, ct);
            else await copy.WriteNullAsync(ct);
            await copy.WriteAsync(reader.ReadDouble(), NpgsqlDbType.Double, ct);
            await copy.WriteAsync(reader.ReadBoolean(), NpgsqlDbType.Boolean, ct);
            var reasons = new string[reader.ReadInt32()];
            for (int i = 0; i < reasons.Length; i++) reasons[i] = reader.ReadString();
            await copy.WriteAsync(reasons, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            await copy.WriteAsync(reader.ReadString(), NpgsqlDbType.Jsonb, ct);
            if ((row + 1) % 10_000 == 0) copied?.Invoke(row + 1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _file.DisposeAsync();
    }
}
