using System.Diagnostics;

namespace RelocationPlanner.Api.Hosting;

/// <summary>
/// Whether the service is ready for users: <c>/health</c> answers 503 <c>starting</c> until the work
/// that would otherwise fall on the first requests is done (the scoring index loaded, the request
/// paths compiled by <see cref="RequestWarmup"/>), then 200 <c>ready</c>. A load balancer sends
/// traffic only to ready instances, so a restart or a new instance does not cost a user the warm-up.
/// </summary>
public sealed class Readiness
{
    readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    readonly HashSet<string> _pending = [];
    volatile bool _ready;

    public bool IsReady => _ready;

    /// <summary>Seconds from the service's start to ready (null while starting).</summary>
    public double? ReadyAfterSeconds { get; private set; }

    /// <summary>
    /// A start-up step the service waits for. Steps are expected in their hosted services'
    /// constructors: the host builds every hosted service before it starts any, so no step can
    /// finish before all are known.
    /// </summary>
    public void Expect(string step)
    {
        lock (_pending) _pending.Add(step);
    }

    /// <summary>The step finished (or gave up): the service is ready once every expected step is.</summary>
    public void Done(string step)
    {
        lock (_pending)
        {
            _pending.Remove(step);
            if (_pending.Count > 0) return;
            ReadyAfterSeconds ??= Math.Round(_sinceStart.Elapsed.TotalSeconds, 2);
            _ready = true;
        }
    }
}
