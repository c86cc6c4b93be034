using System.Security.Cryptography;
using System.Text;

namespace RelocationPlanner.Core.Field;

/// <summary>A household of the population with the stratum it belongs to (its county, its site, or "all").</summary>
public sealed record SampleUnit(string Code, string Stratum);

/// <summary>One stratum's draw: its size, and the households taken from it in sample order.</summary>
public sealed record StratumDraw(string Stratum, int Population, IReadOnlyList<string> Households);

/// <summary>
/// Reproducible stratified random sampling. Each household gets the key SHA-256("seed:code")
/// (UTF-8, compared as bytes); within a stratum the households with the smallest keys are taken, in
/// key order. That is a uniform random sample without replacement for any seed (SHA-256 as a random
/// permutation), and the same seed on the same data gives the same households in the same order,
/// whatever order the database returns rows in. The sample size is split over the strata in
/// proportion to their sizes by largest remainder (Hamilton): floor(n * N_h / N) each, and the
/// leftover one by one to the largest fractions (ties: the stratum name in ordinal order).
/// Strata come in ordinal order of their names; the sample order is stratum by stratum.
/// </summary>
public static class Sampling
{
    public static byte[] Key(long seed, string code) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{code}"));

    /// <summary>The sample size for a rate: ceil(rate * N), at least 1 when N > 0.</summary>
    public static int SizeForRate(int population, double rate) =>
        population == 0 ? 0 : Math.Clamp((int)Math.Ceiling(rate * population - 1e-9), 1, population);

    /// <summary>n split over strata of the given sizes, proportionally, by largest remainder.</summary>
    public static int[] Allocate(IReadOnlyList<int> sizes, int n)
    {
        long total = sizes.Sum(s => (long)s);
        n = (int)Math.Min(n, total);
        var take = new int[sizes.Count];
        if (total == 0) return take;
        var remainders = new (double Fraction, int Index)[sizes.Count];
        for (var i = 0; i < sizes.Count; i++)
        {
            var exact = (double)n * sizes[i] / total;
            take[i] = (int)Math.Floor(exact);
            remainders[i] = (exact - take[i], i);
        }
        var left = n - take.Sum();
        // Stable sort: equal fractions keep the strata's (ordinal) order.
        foreach (var (_, i) in remainders.OrderByDescending(r => r.Fraction))
        {
            if (left == 0) break;
            if (take[i] < sizes[i]) { take[i]++; left--; }
        }
        return take;
    }

    /// <summary>Draws <paramref name="n"/> households (all of them when n is larger), stratified.</summary>
    public static List<StratumDraw> Draw(IReadOnlyList<SampleUnit> population, int n, long seed)
    {
        var strata = population.GroupBy(u => u.Stratum, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Select(u => u.Code).Distinct(StringComparer.Ordinal).ToList())
            .ToList();
        var names = population.Select(u => u.Stratum).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var take = Allocate([.. strata.Select(s => s.Count)], n);
        var draws = new List<StratumDraw>(strata.Count);
        for (var i = 0; i < strata.Count; i++)
        {
            var chosen = strata[i]
                .Select(code => (Key: Key(seed, code), Code: code))
                .OrderBy(x => x.Key, ByteOrder.Instance).ThenBy(x => x.Code, StringComparer.Ordinal)
                .Take(take[i]).Select(x => x.Code).ToList();
            draws.Add(new StratumDraw(names[i], strata[i].Count, chosen));
        }
        return draws;
    }

    sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
