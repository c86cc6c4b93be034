using Npgsql;
using RelocationPlanner.Data.Jobs;
using RelocationPlanner.TestSupport;

namespace RelocationPlanner.Data.Tests.Jobs;

/// <summary>
/// The jobs table's guards that make a repeated delivery of a background job harmless (the queue
/// delivers a job again when its process died): a finished job stays finished, a job's success
/// commits with its data, and two processes never run the same job at once.
/// </summary>
public class JobStoreTests
{
    static async Task<(NpgsqlDataSource Db, Guid Id)> NewJobAsync()
    {
        var db = Database.CreateDataSource(TestDatabase.AppConnectionString(await TestDatabase.CreateAsync("jobs")));
        return (db, await JobStore.CreateAsync(db, "test", "{}", "tester", CancellationToken.None));
    }

    [Fact]
    public async Task A_finished_job_keeps_its_first_ending_and_is_not_started_again()
    {
        var (db, id) = await NewJobAsync();
        await using var _ = db;
        Assert.True(await JobStore.StartAsync(db, id, CancellationToken.None));
        await JobStore.ProgressAsync(db, id, 0.6, "half", CancellationToken.None);
        Assert.True(await JobStore.StartAsync(db, id, CancellationToken.None)); // a run after a crash starts over
        var restarted = (await JobStore.GetAsync(db, id, CancellationToken.None))!;
        Assert.Equal(("running", 0.0, "restarted"), (restarted.Status, restarted.Progress, restarted.Message));

        await JobStore.SucceedAsync(db, id, """{"n":1}""", "done", CancellationToken.None);
        await JobStore.SucceedAsync(db, id, """{"n":2}""", "done", CancellationToken.None);
        await JobStore.FailAsync(db, id, """[{"field":"$"}]""", "failed", CancellationToken.None);
        Assert.False(await JobStore.StartAsync(db, id, CancellationToken.None));
        var job = (await JobStore.GetAsync(db, id, CancellationToken.None))!;
        Assert.Equal(("succeeded", 1.0, """{"n": 1}""", "[]"), (job.Status, job.Progress, job.ResultJson, job.ErrorsJson));
    }

    [Fact]
    public async Task A_success_recorded_inside_a_data_transaction_commits_or_rolls_back_with_it()
    {
        var (db, id) = await NewJobAsync();
        await using var _ = db;
        await JobStore.StartAsync(db, id, CancellationToken.None);
        await using (var conn = await db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await JobStore.SucceedAsync(conn, tx, id, """{"n":1}""", "done", CancellationToken.None);
            await tx.RollbackAsync(); // the process died before the commit
        }
        Assert.Equal("running", (await JobStore.GetAsync(db, id, CancellationToken.None))!.Status);
        await using (var conn = await db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await JobStore.SucceedAsync(conn, tx, id, """{"n":1}""", "done", CancellationToken.None);
            await tx.CommitAsync();
        }
        Assert.Equal("succeeded", (await JobStore.GetAsync(db, id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Only_one_process_holds_a_jobs_run_lock_and_it_ends_with_the_connection()
    {
        var (db, id) = await NewJobAsync();
        await using var _ = db;
        await using var first = await db.OpenConnectionAsync();
        await using var second = await db.OpenConnectionAsync();
        Assert.True(await JobStore.TryClaimAsync(first, id, CancellationToken.None));
        Assert.False(await JobStore.TryClaimAsync(second, id, CancellationToken.None));
        Assert.True(await JobStore.TryClaimAsync(second, Guid.NewGuid(), CancellationToken.None)); // other jobs are free
        await JobStore.ReleaseAsync(first, id);
        Assert.True(await JobStore.TryClaimAsync(second, id, CancellationToken.None));
        await JobStore.ReleaseAsync(second, id);

        // A process killed mid-run: its connection dies, and with it the lock.
        Assert.True(await JobStore.TryClaimAsync(first, id, CancellationToken.None));
        await using (var kill = new NpgsqlCommand("SELECT pg_terminate_backend($1)", second))
        {
            kill.Parameters.AddWithValue(first.ProcessID);
            Assert.Equal(true, await kill.ExecuteScalarAsync());
        }
        var claimed = false;
        for (var i = 0; i < 50 && !(claimed = await JobStore.TryClaimAsync(second, id, CancellationToken.None)); i++) await Task.Delay(100);
        Assert.True(claimed);
    }
}
