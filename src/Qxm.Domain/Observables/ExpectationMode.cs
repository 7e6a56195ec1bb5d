namespace Qxm.Domain.Observables;

/// <summary>How expectation values are obtained.</summary>
public enum ExpectationMode
{
    /// <summary>Estimated from the counts of the measurement bases, with a standard error.</summary>
    Shots,

    /// <summary>Computed from the ideal simulator's final state (standard error zero); only on <c>sim.statevector</c>.</summary>
    Exact,
}
