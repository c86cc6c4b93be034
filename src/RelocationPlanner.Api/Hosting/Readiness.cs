using System.Diagnostics;

namespace RelocationPlanner.Api.Hosting;

/// <summary>
/// Whether the service is ready for users: <c>/health</c> answers 503 <c>starting</c> until the work
/// that would otherwise fall on the first request is done (the scoring index loaded), then 200
/// <c>ready</c>. A load balancer sends traffic only to ready instances, so a restart or a new instance
/// does not cost a user the warm-up.
/// </summary>
public sealed class Readiness
{
    readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    volatile bool _ready;

    public bool IsReady => _ready;

    /// <summary>Seconds from the service's start to ready (null while starting).</summary>
    public double? ReadyAfterSeconds { get; private set; }

    public void MarkReady()
    {
        ReadyAfterSeconds ??= Math.Round(_sinceStart.Elapsed.TotalSeconds, 2);
        _ready = true;
    }
}
