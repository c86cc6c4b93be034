using RelocationPlanner.Core.Scoring;

namespace RelocationPlanner.Core.Tests.Scoring;

public class ValueFunctionTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(500, 1)]      // exactly at full
    [InlineData(2750, 0.5)]   // half way
    [InlineData(5000, 0)]     // exactly at zero
    [InlineData(90000, 0)]    // beyond
    [InlineData(-3, 1)]       // negative treated as touching
    public void Linear_decays_between_breakpoints(double d, double expected) =>
        Assert.Equal(expected, ValueFunction.LinearDecay(500, 5000).Evaluate(d), 12);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1000, 1)]     // at the threshold still full
    [InlineData(1000.001, 0)]
    public void Threshold_is_a_step(double d, double expected) =>
        Assert.Equal(expected, ValueFunction.Step(1000).Evaluate(d));

    [Fact]
    public void Sigmoid_is_one_at_zero_decreasing_and_near_half_at_midpoint()
    {
        var f = ValueFunction.Logistic(2000, 200);
        Assert.Equal(1, f.Evaluate(0), 12);
        // Raw logistic is 0.5 at the midpoint; normalised by its value at 0 (1/(1+e^-10)).
        Assert.Equal(0.5 * (1 + Math.Exp(-10)), f.Evaluate(2000), 12);
        Assert.True(f.Evaluate(1000) > f.Evaluate(3000));
        Assert.Equal(0, f.Evaluate(1e9), 12);
    }

    [Fact]
    public void Validation_names_the_field()
    {
        var errors = ValueFunction.LinearDecay(5000, 500).Validate("f");
        Assert.Contains(errors, e => e.Path == "f.zero_m");
        Assert.Contains(new ValueFunction { Type = "cubic" }.Validate("f"), e => e.Path == "f.type");
        Assert.Contains(new ValueFunction { Type = "sigmoid", MidpointM = 1 }.Validate("f"), e => e.Path == "f.scale_m");
        Assert.Contains(ValueFunction.Step(-1).Validate("f"), e => e.Path == "f.threshold_m");
        Assert.Empty(ValueFunction.Logistic(100, 10).Validate("f"));
    }

    [Fact]
    public void Evaluating_an_invalid_function_throws() =>
        Assert.Throws<InvalidOperationException>(() => new ValueFunction { Type = "linear" }.Evaluate(1));
}
