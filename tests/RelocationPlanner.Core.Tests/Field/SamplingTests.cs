using RelocationPlanner.Core.Field;

namespace RelocationPlanner.Core.Tests.Field;

public class SamplingTests
{
    static List<SampleUnit> Population(int a, int b) =>
        [.. Enumerable.Range(1, a).Select(i => new SampleUnit($"A{i:0000}", "A")), .. Enumerable.Range(1, b).Select(i => new SampleUnit($"B{i:0000}", "B"))];

    [Fact]
    public void The_same_seed_gives_the_same_households_in_the_same_order_whatever_the_input_order()
    {
        var population = Population(300, 200);
        var shuffled = population.OrderBy(u => u.Code.GetHashCode(StringComparison.Ordinal)).ToList();
        var a = Sampling.Draw(population, 50, 42).SelectMany(d => d.Households).ToList();
        var b = Sampling.Draw(shuffled, 50, 42).SelectMany(d => d.Households).ToList();
        Assert.Equal(a, b);
        Assert.NotEqual(a, Sampling.Draw(population, 50, 43).SelectMany(d => d.Households).ToList());
        // A larger sample with the same seed extends the smaller one within each stratum.
        var larger = Sampling.Draw(population, 100, 42);
        Assert.Equal(Sampling.Draw(population, 50, 42)[0].Households, larger[0].Households.Take(30));
    }

    [Fact]
    public void Strata_get_proportional_shares_by_largest_remainder()
    {
        Assert.Equal([30, 20], Sampling.Allocate([300, 200], 50));
        Assert.Equal([4, 3, 3], Sampling.Allocate([10, 10, 10], 10));
        Assert.Equal([1, 0], Sampling.Allocate([1, 0], 5));
        Assert.Equal([7, 3], Sampling.Allocate([69, 31], 10));
        var draws = Sampling.Draw(Population(300, 200), 50, 1);
        Assert.Equal(["A", "B"], draws.Select(d => d.Stratum));
        Assert.Equal([30, 20], draws.Select(d => d.Households.Count));
        Assert.All(draws[0].Households, c => Assert.StartsWith("A", c));
        Assert.Equal(4, Sampling.SizeForRate(40, 0.1));
        Assert.Equal(1, Sampling.SizeForRate(3, 0.01));
    }

    [Fact]
    public void Every_household_is_about_equally_likely_to_be_drawn()
    {
        // 2,000 seeds drawing 10 of 100: each household expects 200 draws; a fixed order or a bias would show.
        var counts = new Dictionary<string, int>();
        var population = Population(100, 0);
        for (var seed = 0; seed < 2000; seed++)
            foreach (var c in Sampling.Draw(population, 10, seed)[0].Households) counts[c] = counts.GetValueOrDefault(c) + 1;
        Assert.Equal(100, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 140, 260));
    }

    [Fact]
    public void The_wilson_interval_matches_published_values()
    {
        // Newcombe (1998), table I: 81/263 -> 0.2553-0.3662; 15/148 -> 0.0624-0.1605; 0/10 -> 0-0.2775.
        var (lo, hi) = Wilson.Interval(81, 263);
        Assert.Equal((0.2553, 0.3662), (Math.Round(lo, 4), Math.Round(hi, 4)));
        (lo, hi) = Wilson.Interval(15, 148);
        Assert.Equal((0.0624, 0.1605), (Math.Round(lo, 4), Math.Round(hi, 4)));
        (lo, hi) = Wilson.Interval(0, 10);
        Assert.Equal((0.0, 0.2775), (Math.Round(lo, 4), Math.Round(hi, 4)));
        Assert.Equal((0.0, 1.0), Wilson.Interval(0, 0));
    }
}
