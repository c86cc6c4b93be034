using System.CommandLine;
using RelocationPlanner.Cli.Backup;
using RelocationPlanner.Cli.Bench;
using RelocationPlanner.Cli.Common;
using RelocationPlanner.Cli.Demo;
using RelocationPlanner.Cli.Export;
using RelocationPlanner.Cli.Generate;
using RelocationPlanner.Cli.Import;
using RelocationPlanner.Cli.Reports;
using RelocationPlanner.Cli.Score;
using RelocationPlanner.Cli.Users;

// Each command lives in its own folder; `rp COMMAND --help` describes it.
var root = new RootCommand("rp: the RelocationPlanner command line. Works on RP_DATABASE_URL, or the local cluster of tools/run.")
{
    UsersCommand.Create(),
    BackupCommand.CreateBackup(),
    BackupCommand.CreateRestore(),
    ImportCommand.Create(),
    ExportCommand.Create(),
    ReportCommand.Create(),
    GenerateCommand.Create(),
    DemoCommand.Create(),
    BenchCommand.Create(),
    ScoreCommand.Create(),
};
return await RpCli.RunAsync(root, args);
