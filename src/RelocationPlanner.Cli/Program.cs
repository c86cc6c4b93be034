using RelocationPlanner.Cli.Bench;
using RelocationPlanner.Cli.Common;
using RelocationPlanner.Cli.Demo;
using RelocationPlanner.Cli.Export;
using RelocationPlanner.Cli.Generate;
using RelocationPlanner.Cli.Import;
using RelocationPlanner.Cli.Reports;

// A minimal dispatcher; each command lives in its own folder.
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
try
{
    return args switch
    {
        ["demo", .. var rest] => DemoCommand.Run(rest),
        ["import", .. var rest] => await ImportCommand.RunAsync(rest, cts.Token),
        ["export", .. var rest] => await ExportCommand.RunAsync(rest, cts.Token),
        ["generate", .. var rest] => GenerateCommand.Run(rest),
        ["report", .. var rest] => await ReportCommand.RunAsync(rest, cts.Token),
        ["bench", .. var rest] => BenchCommand.Run(rest),
        _ => Usage(),
    };
}
catch (CliException e)
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
    Console.Error.WriteLine("       " + ImportCommand.Usage);
    Console.Error.WriteLine("       " + ExportCommand.Usage);
    Console.Error.WriteLine("       " + GenerateCommand.Usage);
    Console.Error.WriteLine("       " + ReportCommand.Usage);
    Console.Error.WriteLine("       rp bench import [--roads N] [--big-roads N]");
    return 2;
}
