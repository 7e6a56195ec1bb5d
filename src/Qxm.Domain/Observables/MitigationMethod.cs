namespace Qxm.Domain.Observables;

/// <summary>Error mitigation applied to a run's results after it ran.</summary>
public enum MitigationMethod
{
    None,

    /// <summary>Readout-error mitigation with tensored (per-qubit) confusion matrices from the run's calibration snapshot.</summary>
    Readout,
}
