namespace RelocationPlanner.Core.Scoring;

/// <summary>Ranks after one weight was changed.</summary>
/// <param name="Criterion">The criterion whose weight changed.</param>
/// <param name="Change">Relative change applied to its weight, e.g. +0.1 or -0.1.</param>
/// <param name="Ranks">1-based rank per site, input order.</param>
public sealed record SensitivityScenario(string Criterion, double Change, IReadOnlyList<int> Ranks);

/// <summary>How one site's rank moves across the scenarios.</summary>
/// <param name="Index">Position in the input.</param>
/// <param name="BaseRank">1-based rank with the profile's own weights.</param>
/// <param name="MaxAbsRankChange">Largest |rank − base rank| over all scenarios; 0 = robust.</param>
/// <param name="WorstCriterion">Criterion of the scenario causing that change (null when 0).</param>
/// <param name="WorstChange">Relative weight change of that scenario (null when 0).</param>
public sealed record SiteSensitivity(int Index, int BaseRank, int MaxAbsRankChange, string? WorstCriterion, double? WorstChange);

/// <summary>Result of <see cref="Sensitivity.Analyse(IReadOnlyList{CriterionDistances}, ScoringProfile, double)"/>.</summary>
public sealed record SensitivityReport(
    IReadOnlyList<int> BaseRanks,
    IReadOnlyList<SensitivityScenario> Scenarios,
    IReadOnlyList<SiteSensitivity> Sites)
{
    /// <summary>True when no scenario changes any site's rank.</summary>
    public bool IsRobust => Sites.All(s => s.MaxAbsRankChange == 0);
}

/// <summary>
/// One-at-a-time weight sensitivity: each criterion's weight is multiplied by (1 ± step), the
/// others kept, all renormalised to sum 1, and the sites re-ranked.
/// </summary>
/// <remarks>
/// Ranking: higher score first; excluded sites after all others; equal scores (within 1e-9)
/// share a rank ("1, 2, 2, 4"), so floating-point noise does not count as a rank change.
/// Exclusions do not depend on weights, so criterion scores are computed once and only reweighted.
/// </remarks>
public static class Sensitivity
{
    private const double TieTolerance = 1e-9;

    /// <summary>Scores <paramref name="sites"/> with <paramref name="profile"/> and analyses the ranks.</summary>
    /// <param name="sites">Measured distances per site; ranks refer to this order.</param>
    /// <param name="profile">Profile giving the base weights (validated).</param>
    /// <param name="step">Relative weight change, default 0.10 (±10 %); must be in (0, 1).</param>
    public static SensitivityReport Analyse(IReadOnlyList<CriterionDistances> sites, ScoringProfile profile, double step = 0.10)
    {
        ArgumentNullException.ThrowIfNull(sites);
        return Analyse(new SuitabilityScorer(profile).ScoreAll(sites), step);
    }

    /// <summary>Analyses already computed scores (all from the same profile).</summary>
    public static SensitivityReport Analyse(IReadOnlyList<SiteScore> scores, double step = 0.10)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (!(step > 0 && step < 1)) throw new ArgumentOutOfRangeException(nameof(step), step, "Step must be in (0, 1).");
        int n = scores.Count;
        var baseRanks = Rank(scores.Select(s => s.Score).ToArray(), scores);
        var criteria = n == 0 ? [] : scores[0].Criteria.Select(c => c.Criterion).ToArray();
        var scenarios = new List<SensitivityScenario>();
        var values = new double[n];
        foreach (var criterion in criteria)
        {
            foreach (var change in new[] { +step, -step })
            {
                for (int i = 0; i < n; i++) values[i] = Reweighted(scores[i], criterion, 1 + change);
                scenarios.Add(new SensitivityScenario(criterion, change, Rank(values, scores)));
            }
        }

        var sites = new SiteSensitivity[n];
        for (int i = 0; i < n; i++)
        {
            int worst = 0;
            SensitivityScenario? worstScenario = null;
            foreach (var s in scenarios)
            {
                int d = Math.Abs(s.Ranks[i] - baseRanks[i]);
                if (d > worst) { worst = d; worstScenario = s; }
            }
            sites[i] = new SiteSensitivity(i, baseRanks[i], worst, worstScenario?.Criterion, worstScenario?.Change);
        }
        return new SensitivityReport(baseRanks, scenarios, sites);
    }

    // Score with one normalised weight scaled by factor and all renormalised; excluded stays 0.
    private static double Reweighted(SiteScore site, string criterion, double factor)
    {
        if (site.Excluded) return 0;
        double sum = 0, weightSum = 0;
        foreach (var c in site.Criteria)
        {
            double w = c.Criterion == criterion ? c.Weight * factor : c.Weight;
            sum += w * c.Score;
            weightSum += w;
        }
        return weightSum > 0 ? sum / weightSum * 100 : 0;
    }

    private static int[] Rank(double[] values, IReadOnlyList<SiteScore> scores)
    {
        int n = values.Length;
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int byExcluded = scores[a].Excluded.CompareTo(scores[b].Excluded);
            if (byExcluded != 0) return byExcluded;
            int byScore = values[b].CompareTo(values[a]);
            return byScore != 0 ? byScore : a.CompareTo(b);
        });
        var ranks = new int[n];
        for (int k = 0; k < n; k++)
        {
            int i = order[k];
            bool tiedWithPrevious = k > 0
                && scores[order[k - 1]].Excluded == scores[i].Excluded
                && Math.Abs(values[order[k - 1]] - values[i]) <= TieTolerance;
            ranks[i] = tiedWithPrevious ? ranks[order[k - 1]] : k + 1;
        }
        return ranks;
    }
}
