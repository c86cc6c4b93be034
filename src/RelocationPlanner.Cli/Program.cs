using RelocationPlanner.Cli.Demo;

// A minimal dispatcher; each command lives in its own folder.
return args switch
{
    ["demo", .. var rest] => DemoCommand.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: rp demo [--out DIR] [--seed N] [--banners FILE]");
    Console.Error.WriteLine("       rp demo import-echarts SCRIPT.js [--out FILE]");
    return 2;
}
