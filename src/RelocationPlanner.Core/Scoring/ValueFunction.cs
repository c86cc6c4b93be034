using System.Text.Json.Serialization;

namespace RelocationPlanner.Core.Scoring;

/// <summary>
/// Turns a distance in metres into a score in [0, 1] (1 = best). JSON shape:
/// <c>{"type":"linear","full_m":500,"zero_m":5000}</c>, <c>{"type":"threshold","threshold_m":1000}</c>
/// or <c>{"type":"sigmoid","midpoint_m":2000,"scale_m":500}</c>.
/// </summary>
/// <remarks>
/// One record with optional fields rather than a class hierarchy, so a request body needs no
/// type discriminator handling and <see cref="Validate"/> can name the missing field.
/// </remarks>
public sealed record ValueFunction
{
    public const string Linear = "linear";
    public const string Threshold = "threshold";
    public const string Sigmoid = "sigmoid";

    /// <summary><c>linear</c>, <c>threshold</c> or <c>sigmoid</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = Linear;

    /// <summary>Linear: at or below this distance (metres) the score is 1.</summary>
    [JsonPropertyName("full_m")]
    public double? FullM { get; init; }

    /// <summary>Linear: at or beyond this distance (metres) the score is 0; must exceed <see cref="FullM"/>.</summary>
    [JsonPropertyName("zero_m")]
    public double? ZeroM { get; init; }

    /// <summary>Threshold: score 1 at or below this distance (metres), 0 above it.</summary>
    [JsonPropertyName("threshold_m")]
    public double? ThresholdM { get; init; }

    /// <summary>Sigmoid: distance (metres) where the raw logistic curve is 0.5.</summary>
    [JsonPropertyName("midpoint_m")]
    public double? MidpointM { get; init; }

    /// <summary>Sigmoid: steepness in metres (larger = gentler); must be positive.</summary>
    [JsonPropertyName("scale_m")]
    public double? ScaleM { get; init; }

    /// <summary>Linear decay: 1 up to <paramref name="fullM"/>, 0 from <paramref name="zeroM"/> (metres).</summary>
    public static ValueFunction LinearDecay(double fullM, double zeroM) => new() { Type = Linear, FullM = fullM, ZeroM = zeroM };

    /// <summary>Step: 1 up to and including <paramref name="thresholdM"/> metres, 0 beyond.</summary>
    public static ValueFunction Step(double thresholdM) => new() { Type = Threshold, ThresholdM = thresholdM };

    /// <summary>Logistic decay centred on <paramref name="midpointM"/> with steepness <paramref name="scaleM"/> (metres).</summary>
    public static ValueFunction Logistic(double midpointM, double scaleM) => new() { Type = Sigmoid, MidpointM = midpointM, ScaleM = scaleM };

    /// <summary>
    /// Score in [0, 1] for a distance in metres (negative distances are treated as 0).
    /// Linear: 1 for d &lt;= full, 0 for d &gt;= zero, straight line between.
    /// Threshold: 1 for d &lt;= threshold, else 0.
    /// Sigmoid: 1/(1+exp((d-midpoint)/scale)) divided by its value at d = 0, so a touching site scores exactly 1.
    /// </summary>
    /// <exception cref="InvalidOperationException">The function is not valid (see <see cref="Validate"/>).</exception>
    public double Evaluate(double distanceM)
    {
        double d = Math.Max(0, distanceM);
        switch (Type)
        {
            case Linear when FullM is double full && ZeroM is double zero && zero > full:
                if (d <= full) return 1;
                if (d >= zero) return 0;
                return (zero - d) / (zero - full);
            case Threshold when ThresholdM is double t:
                return d <= t ? 1 : 0;
            case Sigmoid when MidpointM is double m && ScaleM is double s && s > 0:
                return Math.Clamp(Logistic(d, m, s) / Logistic(0, m, s), 0, 1);
            default:
                throw new InvalidOperationException($"Value function '{Type}' is incomplete or unknown; call Validate() first.");
        }
    }

    // Written as exp(-x) form when x is large so huge distances give 0, not NaN.
    private static double Logistic(double d, double m, double s)
    {
        double x = (d - m) / s;
        return x > 0 ? Math.Exp(-x) / (1 + Math.Exp(-x)) : 1 / (1 + Math.Exp(x));
    }

    /// <summary>Problems with this function; <paramref name="path"/> prefixes each error's path.</summary>
    public IReadOnlyList<ValidationError> Validate(string path)
    {
        var errors = new List<ValidationError>();
        void NonNegative(double? v, string name)
        {
            if (v is null) errors.Add(new($"{path}.{name}", $"'{name}' is required for a {Type} function."));
            else if (!double.IsFinite(v.Value) || v < 0) errors.Add(new($"{path}.{name}", $"'{name}' must be a non-negative number of metres."));
        }

        switch (Type)
        {
            case Linear:
                NonNegative(FullM, "full_m");
                NonNegative(ZeroM, "zero_m");
                if (FullM is double f && ZeroM is double z && !(f < z))
                    errors.Add(new($"{path}.zero_m", "'zero_m' must be greater than 'full_m'."));
                break;
            case Threshold:
                NonNegative(ThresholdM, "threshold_m");
                break;
            case Sigmoid:
                NonNegative(MidpointM, "midpoint_m");
                NonNegative(ScaleM, "scale_m");
                if (ScaleM is 0) errors.Add(new($"{path}.scale_m", "'scale_m' must be positive."));
                break;
            default:
                errors.Add(new($"{path}.type", $"Unknown value function '{Type}'; expected linear, threshold or sigmoid."));
                break;
        }
        return errors;
    }
}
