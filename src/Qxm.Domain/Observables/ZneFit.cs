namespace Qxm.Domain.Observables;

/// <summary>How zero-noise extrapolation fits the values measured at its scale factors.</summary>
public enum ZneFit
{
    /// <summary>The polynomial through every point (degree one less than the number of scale factors), read at zero.</summary>
    Richardson,

    /// <summary>The least-squares straight line, read at zero: less bias-cancelling, less noise-amplifying.</summary>
    Linear,
}
