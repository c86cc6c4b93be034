using RelocationPlanner.Core.Scoring;

namespace RelocationPlanner.Core.Tests.Scoring;

public class AhpTests
{
    [Fact]
    public void Consistent_matrix_gives_exact_weights_and_zero_ratio()
    {
        // a_ij = w_i / w_j is perfectly consistent: eigenvector w, λmax = n, CR = 0.
        double[] w = [0.4, 0.3, 0.2, 0.1];
        var m = new double[4, 4];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) m[i, j] = w[i] / w[j];
        var r = Ahp.Compute(m);
        Assert.True(r.IsValid);
        for (int i = 0; i < 4; i++) Assert.Equal(w[i], r.Weights[i], 10);
        Assert.Equal(4, r.LambdaMax, 10);
        Assert.Equal(0, r.ConsistencyRatio, 10);
    }

    [Fact]
    public void Three_by_three_matches_closed_form()
    {
        // For a 3x3 reciprocal matrix [[1,a,b],[1/a,1,c],[1/b,1/c,1]] the characteristic equation
        // reduces to μ³ − 3μ = ρ + 1/ρ with μ = λ − 1 and ρ = b/(ac), so λmax = 1 + ρ^⅓ + ρ^−⅓,
        // and the principal eigenvector equals the normalised row geometric means.
        double a = 3, b = 5, c = 3;
        var r = Ahp.Compute(new double[,] { { 1, a, b }, { 1 / a, 1, c }, { 1 / b, 1 / c, 1 } });
        double rho = b / (a * c);
        double lambda = 1 + Math.Cbrt(rho) + 1 / Math.Cbrt(rho);
        Assert.Equal(lambda, r.LambdaMax, 9);
        Assert.Equal((lambda - 3) / 2 / 0.58, r.ConsistencyRatio, 9);
        double[] g = [Math.Cbrt(a * b), Math.Cbrt(c / a), Math.Cbrt(1 / (b * c))];
        for (int i = 0; i < 3; i++) Assert.Equal(g[i] / g.Sum(), r.Weights[i], 9);
        Assert.True(r.IsValid); // CR ≈ 0.033
    }

    [Fact]
    public void Inconsistent_matrix_is_refused()
    {
        // A prefers B 9x, B prefers C 9x, yet C prefers A 9x: wildly intransitive.
        var r = Ahp.Compute(new double[,] { { 1, 9, 1 / 9.0 }, { 1 / 9.0, 1, 9 }, { 9, 1 / 9.0, 1 } });
        Assert.False(r.IsValid);
        Assert.True(r.ConsistencyRatio > 0.1);
        Assert.Contains(r.Errors, e => e.Message.Contains("Consistency ratio"));
    }

    [Fact]
    public void Non_reciprocal_non_positive_and_bad_diagonal_are_refused()
    {
        var notReciprocal = Ahp.Compute(new double[,] { { 1, 3 }, { 0.5, 1 } });
        Assert.Contains(notReciprocal.Errors, e => e.Path == "matrix[1][0]");
        var negative = Ahp.Compute(new double[,] { { 1, -3 }, { -1 / 3.0, 1 } });
        Assert.Contains(negative.Errors, e => e.Path == "matrix[0][1]");
        var diagonal = Ahp.Compute(new double[,] { { 2, 1 }, { 1, 1 } });
        Assert.Contains(diagonal.Errors, e => e.Path == "matrix[0][0]");
        Assert.False(Ahp.Compute(new double[11, 11]).IsValid);
    }

    [Fact]
    public void Three_decimal_reciprocals_are_accepted() =>
        Assert.True(Ahp.Compute(new double[,] { { 1, 3 }, { 0.3333, 1 } }).IsValid);
}
