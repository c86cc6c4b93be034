namespace RelocationPlanner.Core.Field;

/// <summary>
/// The Wilson score interval for a binomial proportion (Wilson 1927): unlike the normal
/// approximation it stays inside [0, 1] and keeps its coverage for small samples and rates near
/// 0 or 1, which is what inspection samples of a few dozen households per county give.
/// </summary>
public static class Wilson
{
    /// <summary>The standard normal quantile for a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>(low, high) for <paramref name="successes"/> out of <paramref name="n"/>; (0, 1) when n is 0.</summary>
    public static (double Low, double High) Interval(long successes, long n, double z = Z95)
    {
        if (n <= 0) return (0, 1);
        if (successes < 0 || successes > n) throw new ArgumentOutOfRangeException(nameof(successes));
        double p = (double)successes / n, z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
