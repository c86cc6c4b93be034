namespace RelocationPlanner.Core.Scoring;

/// <summary>Outcome of <see cref="Ahp.Compute(IReadOnlyList{IReadOnlyList{double}}, double, double)"/>.</summary>
/// <param name="Weights">Principal eigenvector normalised to sum 1 (empty when the matrix is malformed).</param>
/// <param name="LambdaMax">Principal eigenvalue.</param>
/// <param name="ConsistencyIndex">CI = (λmax − n) / (n − 1); 0 for n &lt;= 2.</param>
/// <param name="ConsistencyRatio">CR = CI / RI(n) with Saaty's random index; 0 for n &lt;= 2.</param>
/// <param name="Errors">Why the matrix is refused (malformed, not reciprocal, or CR above the limit); empty when accepted.</param>
public sealed record AhpResult(
    IReadOnlyList<double> Weights,
    double LambdaMax,
    double ConsistencyIndex,
    double ConsistencyRatio,
    IReadOnlyList<ValidationError> Errors)
{
    /// <summary>True when the weights may be used.</summary>
    public bool IsValid => Errors.Count == 0;
}

/// <summary>Analytic Hierarchy Process: weights from a pairwise comparison matrix (Saaty).</summary>
public static class Ahp
{
    /// <summary>Saaty's largest accepted consistency ratio.</summary>
    public const double MaxConsistencyRatio = 0.1;

    /// <summary>Default reciprocity tolerance: |a_ij · a_ji − 1| must not exceed it (accepts 0.333 for 1/3).</summary>
    public const double DefaultReciprocalTolerance = 1e-3;

    // Saaty's random consistency index for n = 1..10 (index 0 unused).
    private static readonly double[] RandomIndexTable = [0, 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49];

    /// <summary>Largest matrix order with a random index (10).</summary>
    public static int MaxOrder => RandomIndexTable.Length - 1;

    /// <summary>Saaty's random index RI(n) for 1 &lt;= n &lt;= 10.</summary>
    public static double RandomIndex(int n) =>
        n >= 1 && n <= MaxOrder ? RandomIndexTable[n] : throw new ArgumentOutOfRangeException(nameof(n), n, "AHP supports 1 to 10 criteria.");

    /// <summary>
    /// Derives weights by power iteration on the matrix, and its consistency. The matrix must be
    /// square (order 1..10), positive, with a unit diagonal and reciprocal within
    /// <paramref name="reciprocalTolerance"/>; a consistency ratio above
    /// <paramref name="maxConsistencyRatio"/> is refused. Error paths are <c>matrix[i][j]</c>.
    /// </summary>
    public static AhpResult Compute(
        IReadOnlyList<IReadOnlyList<double>> matrix,
        double reciprocalTolerance = DefaultReciprocalTolerance,
        double maxConsistencyRatio = MaxConsistencyRatio)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var errors = CheckShape(matrix, reciprocalTolerance);
        if (errors.Count > 0) return new([], double.NaN, double.NaN, double.NaN, errors);

        int n = matrix.Count;
        var (weights, lambda) = PrincipalEigen(matrix);
        double ci = n <= 2 ? 0 : Math.Max(0, (lambda - n) / (n - 1)); // rounding can make λ a hair below n
        double cr = n <= 2 ? 0 : ci / RandomIndexTable[n];
        if (cr > maxConsistencyRatio)
        {
            errors.Add(new("matrix", $"Consistency ratio {cr:0.000} exceeds {maxConsistencyRatio:0.00}; revise the comparisons.", Features.Rules.AhpConsistency));
        }
        return new(weights, lambda, ci, cr, errors);
    }

    /// <summary>Convenience overload for a rectangular array.</summary>
    public static AhpResult Compute(double[,] matrix, double reciprocalTolerance = DefaultReciprocalTolerance)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var rows = new List<IReadOnlyList<double>>();
        for (int i = 0; i < matrix.GetLength(0); i++)
        {
            var row = new double[matrix.GetLength(1)];
            for (int j = 0; j < row.Length; j++) row[j] = matrix[i, j];
            rows.Add(row);
        }
        return Compute(rows, reciprocalTolerance);
    }

    private static List<ValidationError> CheckShape(IReadOnlyList<IReadOnlyList<double>> m, double tol)
    {
        var errors = new List<ValidationError>();
        int n = m.Count;
        if (n < 1 || n > MaxOrder)
        {
            errors.Add(new("matrix", $"AHP needs 1 to {MaxOrder} criteria; got {n}."));
            return errors;
        }
        for (int i = 0; i < n; i++)
        {
            if (m[i] is null || m[i].Count != n) errors.Add(new($"matrix[{i}]", $"Row must have {n} values."));
        }
        if (errors.Count > 0) return errors;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double a = m[i][j];
                if (!double.IsFinite(a) || a <= 0) errors.Add(new($"matrix[{i}][{j}]", "Comparisons must be positive numbers."));
                else if (i == j && a != 1) errors.Add(new($"matrix[{i}][{j}]", "Diagonal entries must be 1."));
                else if (j > i && double.IsFinite(m[j][i]) && Math.Abs(a * m[j][i] - 1) > tol)
                    errors.Add(new($"matrix[{j}][{i}]", $"Not reciprocal: expected 1/{a:0.###} = {1 / a:0.####}, got {m[j][i]:0.####}.", Features.Rules.AhpReciprocal));
            }
        }
        return errors;
    }

    // Power iteration: a positive matrix has a simple, positive dominant eigenvalue (Perron), so
    // repeated multiplication from the uniform vector converges to it.
    private static (double[] Weights, double Lambda) PrincipalEigen(IReadOnlyList<IReadOnlyList<double>> m)
    {
        int n = m.Count;
        var w = new double[n];
        var next = new double[n];
        Array.Fill(w, 1.0 / n);
        double lambda = n;
        for (int iter = 0; iter < 1000; iter++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += m[i][j] * w[j];
                next[i] = s;
                sum += s;
            }
            lambda = sum; // since w sums to 1, the sum of A·w is λ once converged
            double change = 0;
            for (int i = 0; i < n; i++)
            {
                double v = next[i] / sum;
                change = Math.Max(change, Math.Abs(v - w[i]));
                w[i] = v;
            }
            if (change < 1e-14) break;
        }
        return (w, lambda);
    }
}
