using RelocationPlanner.Cli.Backup;
using RelocationPlanner.Cli.Demo;
using RelocationPlanner.Cli.Users;

// A minimal dispatcher; each command lives in its own folder.
return args switch
{
    ["demo", .. var rest] => DemoCommand.Run(rest),
    ["users", .. var rest] => await UsersCommand.RunAsync(rest),
    ["backup", .. var rest] => await BackupCommand.BackupAsync(rest),
    ["restore", .. var rest] => await BackupCommand.RestoreAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: rp demo [--out DIR] [--seed N] [--banners FILE]");
    Console.Error.WriteLine("       rp demo import-echarts SCRIPT.js [--out FILE]");
    Console.Error.WriteLine("       rp users add NAME --role viewer|planner|engineer|relocation_officer|admin");
    Console.Error.WriteLine("       rp users revoke NAME | rp users list");
    Console.Error.WriteLine("       rp backup -o FILE | rp restore FILE");
    return 2;
}
