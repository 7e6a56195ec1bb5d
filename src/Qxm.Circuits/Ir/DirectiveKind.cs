namespace Qxm.Circuits.Ir;

public enum DirectiveKind
{
    Pragma,
    Annotation,

    /// <summary>A <c>defcalgrammar</c>, <c>cal</c> or <c>defcal</c> statement, kept verbatim for a backend that accepts
    /// pulse-level calibration; a backend without it refuses the circuit (rule <c>target.pulse-calibration</c>).</summary>
    Calibration,
}
