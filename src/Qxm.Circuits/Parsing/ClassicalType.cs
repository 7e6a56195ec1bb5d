namespace Qxm.Circuits.Parsing;

/// <summary>The declared type of an OpenQASM 3 classical variable.</summary>
internal enum ClassicalType
{
    Int,
    Uint,
    Float,
    Angle,
    Bool,
    Duration,
    Stretch,

    /// <summary>An array of one of the types above.</summary>
    Array,
}
