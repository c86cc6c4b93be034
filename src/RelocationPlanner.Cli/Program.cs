using RelocationPlanner.Cli.Backup;
using RelocationPlanner.Cli.Bench;
using RelocationPlanner.Cli.Demo;
using RelocationPlanner.Cli.Export;
using RelocationPlanner.Cli.Generate;
using RelocationPlanner.Cli.Import;
using RelocationPlanner.Cli.Reports;
using RelocationPlanner.Cli.Score;
using RelocationPlanner.Cli.Users;

// A minimal dispatcher; each command lives in its own folder.
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
try
{
    return args switch
    {
        ["demo", .. var rest] => DemoCommand.Run(rest),
        ["users", .. var rest] => await UsersCommand.RunAsync(rest),
        ["backup", .. var rest] => await BackupCommand.BackupAsync(rest),
        ["restore", .. var rest] => await BackupCommand.RestoreAsync(rest),
        ["import", .. var rest] => await ImportCommand.RunAsync(rest, cts.Token),
        ["export", .. var rest] => await ExportCommand.RunAsync(rest, cts.Token),
        ["generate", .. var rest] => GenerateCommand.Run(rest),
        ["report", .. var rest] => await ReportCommand.RunAsync(rest, cts.Token),
        ["bench", .. var rest] => BenchCommand.Run(rest),
        ["score", ..] => await new System.CommandLine.RootCommand { ScoreCommand.Create() }.Parse(args).InvokeAsync(cancellationToken: cts.Token),
        _ => Usage(),
    };
}
catch (RelocationPlanner.Cli.Common.CliException e)
{
    Console.Error.WriteLine("rp: " + e.Message);
    return e.ExitCode;
}
catch (Exception e) when (e is Npgsql.NpgsqlException or IOException or UnauthorizedAccessException or InvalidOperationException)
{
    Console.Error.WriteLine("rp: " + e.Message);
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("rp: cancelled");
    return 130;
}

static int Usage()
{
    Console.Error.WriteLine("usage: rp demo [--out DIR] [--seed N] [--banners FILE]");
    Console.Error.WriteLine("       rp demo import-echarts SCRIPT.js [--out FILE]");
    Console.Error.WriteLine("       rp users add NAME --role viewer|planner|engineer|relocation_officer|admin");
    Console.Error.WriteLine("       rp users revoke NAME | rp users list");
    Console.Error.WriteLine("       rp backup -o FILE | rp restore FILE");
    Console.Error.WriteLine("       " + ImportCommand.Usage);
    Console.Error.WriteLine("       " + ExportCommand.Usage);
    Console.Error.WriteLine("       " + GenerateCommand.Usage);
    Console.Error.WriteLine("       " + ReportCommand.Usage);
    Console.Error.WriteLine("       rp bench import [--roads N] [--big-roads N]");
    Console.Error.WriteLine("       rp score FILE [--profile default] [--format table|csv|json|geojson]");
    return 2;
}
