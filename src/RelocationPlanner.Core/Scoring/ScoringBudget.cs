using System.Diagnostics;

namespace RelocationPlanner.Core.Scoring;

/// <summary>
/// Scoring stopped before it finished: the caller's token was cancelled (a request's time budget,
/// a client gone, a shutdown) or one site used up its own budget.
/// </summary>
public sealed class ScoringCancelledException(int? site, string stage, bool siteBudgetExceeded, CancellationToken token)
    : OperationCanceledException(Describe(site, stage, siteBudgetExceeded), token)
{
    /// <summary>
    /// Input index of the site being scored when work stopped — of those in progress, the one that had
    /// run longest — or null when no single site was (the shared network search, a grid).
    /// </summary>
    public int? Site { get; } = site;

    /// <summary>What was being done: <c>measure</c>, <c>network</c> or <c>grid</c>.</summary>
    public string Stage { get; } = stage;

    /// <summary>True when the per-site budget ran out rather than the caller's token.</summary>
    public bool SiteBudgetExceeded { get; } = siteBudgetExceeded;

    static string Describe(int? site, string stage, bool own) =>
        (own ? "A site's scoring budget ran out" : "Scoring was cancelled") + (site is int i ? $" at site {i}" : "") + $" ({stage}).";
}

/// <summary>
/// Cooperative cancellation for one evaluation: the caller's token plus, optionally, a time budget
/// for each site. Each site's work runs with a token that fires on either; when one fires, the site
/// is remembered (a site over its own budget first, then the one that started earliest: it held a core
/// longest), every other site stops at its next check, and <see cref="ThrowIfCancelled"/> reports it.
/// Parallel loops swallow their cancellations so the evaluation throws once, with the site.
/// </summary>
sealed class ScoringBudget : IDisposable
{
    readonly CancellationToken _caller;
    readonly CancellationTokenSource _stop;
    readonly TimeSpan? _perSite;
    readonly object _gate = new();
    int? _site;
    long _siteStarted = long.MaxValue;
    bool _siteOverBudget;
    string? _stage;

    public ScoringBudget(CancellationToken caller, TimeSpan? perSite)
    {
        _caller = caller;
        _perSite = perSite;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(caller);
    }

    /// <summary>Fires when the caller cancels or any site ran out of its budget.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Runs one site's work; false (and nothing stored) when it was cut short or never started.</summary>
    public bool TryRun<T>(int site, string stage, Func<CancellationToken, T> work, out T result)
    {
        result = default!;
        if (_stop.IsCancellationRequested) return false;
        long started = Stopwatch.GetTimestamp();
        using var own = _perSite is null ? null : CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        if (_perSite is { } limit) own!.CancelAfter(limit);
        var token = own?.Token ?? _stop.Token;
        try
        {
            result = work(token);
            return true;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // This site's own timer fired, not the shared stop (the caller, or another site over
            // budget). Judged by the tokens, not by the clock: a timer may fire a hair before the
            // stopwatch reads the full budget.
            bool over = own is not null && own.IsCancellationRequested && !_stop.IsCancellationRequested;
            lock (_gate)
            {
                if ((over && !_siteOverBudget) || (over == _siteOverBudget && started < _siteStarted))
                    (_site, _siteStarted, _siteOverBudget, _stage) = (site, started, over, stage);
            }
            _stop.Cancel();
            return false;
        }
    }

    /// <summary>Runs work shared by all sites (no site to name when it is cut short).</summary>
    public void Run(string stage, Action<CancellationToken> work)
    {
        ThrowIfCancelled(stage);
        try
        {
            work(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            lock (_gate) _stage ??= stage;
        }
        ThrowIfCancelled(stage);
    }

    /// <summary>Throws <see cref="ScoringCancelledException"/> when anything was cut short.</summary>
    public void ThrowIfCancelled(string stage)
    {
        if (!_stop.IsCancellationRequested) return;
        lock (_gate) throw new ScoringCancelledException(_site, _stage ?? stage, _siteOverBudget, _caller);
    }

    public void Dispose() => _stop.Dispose();
}
