namespace RelocationPlanner.Core.DemoData;

/// <summary>
/// SplitMix64: a tiny PRNG whose sequence is fixed by this code, not by the runtime, so the
/// demo files stay byte-identical across .NET versions for the same seed.
/// </summary>
public sealed class DemoRandom(long seed)
{
    private ulong _state = unchecked((ulong)seed);

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Range(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Uniform integer in [min, max] (both inclusive).</summary>
    public int Int(int min, int max) => min + (int)(NextUInt64() % (ulong)(max - min + 1));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Int(0, items.Count - 1)];

    /// <summary>Picks by relative weights.</summary>
    public T Weighted<T>(params (T Item, double Weight)[] items)
    {
        var total = items.Sum(i => i.Weight);
        var r = NextDouble() * total;
        foreach (var (item, weight) in items)
        {
            r -= weight;
            if (r < 0)
            {
                return item;
            }
        }

        return items[^1].Item;
    }

    /// <summary>A uniform date in [from, to].</summary>
    public DateOnly Date(DateOnly from, DateOnly to) => from.AddDays(Int(0, to.DayNumber - from.DayNumber));
}
