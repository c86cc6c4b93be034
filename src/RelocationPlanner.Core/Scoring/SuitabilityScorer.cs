using System.Globalization;

namespace RelocationPlanner.Core.Scoring;

/// <summary>Options for <see cref="SuitabilityScorer"/>.</summary>
public sealed record ScorerOptions
{
    /// <summary>
    /// When a criterion asks for network distance but none is available (not computed, or no route),
    /// score the straight-line distance instead (true, default, with a reason) or treat the site as
    /// having no access (false).
    /// </summary>
    public bool FallbackToStraightLine { get; init; } = true;
}

/// <summary>
/// Scores sites against a <see cref="ScoringProfile"/> from measured distances (metres).
/// Use <see cref="Score(CriterionDistances, ScoringProfile)"/> for one-offs; build an instance
/// to score many sites with one validated profile.
/// </summary>
public sealed class SuitabilityScorer
{
    private readonly ScoringProfile _profile;
    private readonly ScorerOptions _options;
    private readonly (CriterionSettings Settings, double Weight)[] _criteria;

    /// <summary>Prepares a scorer; the profile is validated once here.</summary>
    /// <exception cref="ArgumentException">The profile has validation errors (listed in the message).</exception>
    public SuitabilityScorer(ScoringProfile profile, ScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var errors = profile.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(
                "Invalid scoring profile: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")), nameof(profile));
        }
        _profile = profile;
        _options = options ?? new ScorerOptions();
        var weights = profile.ResolveWeights();
        double sum = weights.Values.Sum();
        _criteria = Criteria.All
            .Select(profile.Get)
            .OfType<CriterionSettings>()
            .Select(s => (s, weights[s.Criterion] / sum))
            .ToArray();
    }

    /// <summary>The profile this scorer applies.</summary>
    public ScoringProfile Profile => _profile;

    /// <summary>Scores one site with <paramref name="profile"/> (validates the profile each call).</summary>
    public static SiteScore Score(CriterionDistances distances, ScoringProfile profile) =>
        new SuitabilityScorer(profile).Score(distances);

    /// <summary>Scores many sites, results in input order.</summary>
    public IReadOnlyList<SiteScore> ScoreAll(IReadOnlyList<CriterionDistances> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var results = new SiteScore[sites.Count];
        for (int i = 0; i < results.Length; i++) results[i] = Score(sites[i]);
        return results;
    }

    /// <summary>Scores one site. See <see cref="SiteScore"/> for the meaning of each field.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A distance is negative or not a number.</exception>
    public SiteScore Score(CriterionDistances distances)
    {
        ArgumentNullException.ThrowIfNull(distances);
        var reasons = new List<string>();
        bool excluded = false;

        foreach (var hit in distances.ZoneHits ?? [])
        {
            if (_profile.ExclusionZones.Any(z => z.Covers(hit.Kind, hit.Name)))
            {
                excluded = true;
                reasons.Add($"inside {hit.Kind} zone '{hit.Name}'");
            }
        }

        foreach (var rule in _profile.MinDistances)
        {
            if (distances.Nearest is null || !distances.Nearest.TryGetValue(rule.Layer, out var d))
            {
                reasons.Add($"minimum distance to {rule.Layer} not checked: no measurement");
            }
            else if (d is double near && Check(near, rule.Layer) < rule.MinM)
            {
                excluded = true;
                reasons.Add($"{FormatM(near)} from the nearest {rule.Layer}, closer than the minimum {FormatM(rule.MinM)}");
            }
        }

        var breakdown = new CriterionScore[_criteria.Length];
        double total = 0;
        for (int i = 0; i < _criteria.Length; i++)
        {
            var (s, weight) = _criteria[i];
            string c = s.Criterion;
            double? straight = distances.DistanceM(c) is double sd ? Check(sd, c) : null;
            double? network = distances.NetworkDistanceM(c) is double nd ? Check(nd, c + " network") : null;
            double? used = straight;
            bool usedNetwork = false;
            if (s.UseNetworkDistance)
            {
                if (network is not null) { used = network; usedNetwork = true; }
                else if (!_options.FallbackToStraightLine) used = null;
                else if (straight is not null) reasons.Add($"{c}: no road-network distance, straight-line distance used");
            }

            double score = 0;
            if (used is not double dist)
            {
                string statuses = string.Join("/", _profile.StatusesFor(c));
                if (s.MaxDistanceM is double limit)
                {
                    excluded = true;
                    reasons.Add($"{c}: no qualifying {Noun(c)} ({statuses}) within the limit of {FormatM(limit)}");
                }
                else
                {
                    reasons.Add($"{c}: no qualifying {Noun(c)} ({statuses}), scored 0");
                }
            }
            else
            {
                score = s.Function.Evaluate(dist);
                if (s.MaxDistanceM is double limit && dist > limit)
                {
                    excluded = true;
                    string how = usedNetwork ? " by road" : "";
                    reasons.Add($"{c}: nearest {Noun(c)} is {FormatM(dist)}{how}, beyond the limit of {FormatM(limit)}");
                }
            }
            total += weight * score;
            breakdown[i] = new CriterionScore(c, straight, network, score, weight, usedNetwork);
        }

        double siteScore = excluded ? 0 : Math.Clamp(total * 100, 0, 100);
        return new SiteScore(siteScore, excluded, reasons, breakdown);
    }

    private static double Check(double metres, string what) =>
        double.IsNaN(metres) || metres < 0
            ? throw new ArgumentOutOfRangeException(nameof(metres), metres, $"Distance for {what} must be a non-negative number of metres.")
            : metres;

    private static string Noun(string criterion) => criterion switch
    {
        Criteria.Road => "road",
        Criteria.Water => "water source",
        Criteria.Power => "power line",
        Criteria.Town => "town",
        _ => criterion,
    };

    /// <summary>"850 m" below 1 km, "1.2 km" above; invariant culture so reasons read the same everywhere.</summary>
    internal static string FormatM(double metres) =>
        metres < 1000
            ? string.Create(CultureInfo.InvariantCulture, $"{metres:0} m")
            : string.Create(CultureInfo.InvariantCulture, $"{metres / 1000:0.0##} km");
}
