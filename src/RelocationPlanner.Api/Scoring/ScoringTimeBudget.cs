using System.Globalization;
using RelocationPlanner.Api.Problems;
using RelocationPlanner.Core.Features;
using RelocationPlanner.Core.Scoring;

namespace RelocationPlanner.Api.Scoring;

/// <summary>
/// How long scoring may hold a core. <c>RP_SCORING_REQUEST_SECONDS</c> (default 10): the scoring
/// work of one request (evaluate, sensitivity, a saved site's score, the surface, network distances
/// within them); <c>RP_SCORING_JOB_SITE_SECONDS</c> (default 30): one site in a rescoring job, so a
/// run of 20k sites is not limited but one pathological site fails it by name. The engine checks
/// its token inside every search loop, so work stops within a fraction of a second of the budget.
/// The clock starts with the scoring: reading the body and loading the layer cache (shared work,
/// once per data version) are not counted.
/// </summary>
public sealed class ScoringTimeBudget
{
    public const string RequestSetting = "RP_SCORING_REQUEST_SECONDS";
    public const string JobSiteSetting = "RP_SCORING_JOB_SITE_SECONDS";

    public TimeSpan Request { get; }
    public TimeSpan JobSite { get; }

    public ScoringTimeBudget(IConfiguration config)
    {
        Request = Seconds(config, RequestSetting, 10);
        JobSite = Seconds(config, JobSiteSetting, 30);
    }

    static TimeSpan Seconds(IConfiguration config, string name, double fallback)
    {
        var text = config[name];
        if (string.IsNullOrWhiteSpace(text)) return TimeSpan.FromSeconds(fallback);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || !(s > 0) || s > 86_400)
            throw new InvalidOperationException($"{name} must be a number of seconds above 0 (at most 86400), not '{text}'.");
        return TimeSpan.FromSeconds(s);
    }

    /// <summary>The token one request's scoring runs under: fires after <see cref="Request"/> or when the client goes.</summary>
    public CancellationTokenSource Start(CancellationToken requestAborted)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        cts.CancelAfter(Request);
        return cts;
    }

    string Spent => Request.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s (" + RequestSetting + ")";

    /// <summary>422 for candidates read from <c>features</c>: names features[i] and its code.</summary>
    public ProblemHttpResult Exceeded(ScoringCancelledException e, IReadOnlyList<string?> codes) => e.Site is int i
        ? Problem.TimeBudget(new FieldError($"features[{i}].geometry", Rules.TimeBudget,
            $"Scoring stopped after {Spent} while {Stage(e)} features[{i}]{(codes[i] is { } c ? $" (code '{c}')" : "")}; nothing was scored. " +
            "Simplify that geometry (fewer vertices, a smaller area) or send fewer sites per request."), new { index = i, code = codes[i] })
        : Problem.TimeBudget(new FieldError("features", Rules.TimeBudget,
            $"Scoring stopped after {Spent} while {Stage(e)} all {codes.Count} sites; nothing was scored. Send fewer sites per request."), null);

    /// <summary>422 for a saved site: names its id and code.</summary>
    public ProblemHttpResult Exceeded(ScoringCancelledException e, long siteId, string code) =>
        Problem.TimeBudget(new FieldError("id", Rules.TimeBudget,
            $"Scoring stopped after {Spent} while {Stage(e)} site {siteId} (code '{code}'); its geometry is too costly to score. Simplify it."),
            new { id = siteId, code });

    /// <summary>422 for the suitability surface: the grid is the cost.</summary>
    public ProblemHttpResult Exceeded(ScoringCancelledException e, int cells) =>
        Problem.TimeBudget(new FieldError("cell_m", Rules.TimeBudget,
            $"Scoring stopped after {Spent} while {Stage(e)} the {cells}-cell grid. Use a larger cell_m or a smaller bbox."), null);

    static string Stage(ScoringCancelledException e) => e.Stage switch
    {
        "network" => "computing network distances for",
        "grid" => "scoring",
        _ => "measuring",
    };
}
