using System.Text.Json;
using Npgsql;
using RelocationPlanner.Api.Jobs;
using RelocationPlanner.Data.Import;
using RelocationPlanner.Data.Jobs;

namespace RelocationPlanner.Api.Import;

/// <summary>
/// A large import run as a background job. The whole import is one database transaction, which
/// also records the job's success, so a killed service leaves nothing (and the queue runs the
/// job again from the spooled file) or everything with the job finished (never imported twice).
/// </summary>
public sealed class ImportJob(NpgsqlDataSource db) : TrackedJob(db)
{
    protected override async Task<object> RunAsync(Guid jobId, JobInfo job, IProgress<(double Fraction, string? Message)> progress, CancellationToken ct)
    {
        var input = JsonSerializer.Deserialize<ImportJobInput>(job.InputJson!, Json)!;
        // Locked while the job runs, so no sweep takes it; removed once the import has an outcome.
        using var spool = File.Exists(input.Path) ? SpoolFolder.Hold(input.Path) : null;
        if (spool is null)
            throw new JobFailedException($"{input.FileName}: the uploaded file is gone; upload it again.", [new { row = 0, field = "file", rule = "missing", message = "The spooled upload no longer exists." }]);
        try
        {
            var result = await ImportUpload.RunAsync(Db, input, job.CreatedBy, new Direct(progress), ct,
                (conn, tx, stored, token) => SucceedWithinAsync(conn, tx, jobId, ImportUpload.View(stored), token));
            spool.Delete();
            return ImportUpload.View(result);
        }
        catch (ImportFailedException e)
        {
            spool.Delete();
            throw new JobFailedException(e.Message, FeatureImporter.View(e.Errors));
        }
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and reorder reports).</summary>
    sealed class Direct(IProgress<(double, string?)> target) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress p) => target.Report((p.Fraction, $"{p.Stage}: {p.Rows} rows"));
    }
}
