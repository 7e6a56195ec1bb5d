namespace Qxm.Domain.Observables;

/// <summary>Error mitigation applied to a run's results after it ran.</summary>
public enum MitigationMethod
{
    None,

    /// <summary>Readout-error mitigation with tensored (per-qubit) confusion matrices from the run's calibration snapshot.</summary>
    Readout,

    /// <summary>Zero-noise extrapolation: the circuit run at several noise scales by unitary folding, and each observable
    /// extrapolated to zero noise (<see cref="ZneSettings"/>).</summary>
    Zne,
}
