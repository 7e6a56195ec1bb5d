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

    /// <summary><c>complex[float[n]]</c>: its element type's width is not kept, values are computed in double precision.</summary>
    Complex,

    /// <summary>An array of one of the types above.</summary>
    Array,
}
