namespace Qxm.Circuits.Parsing;

internal enum GateKind
{
    /// <summary><c>U</c> and <c>CX</c>: part of the language, no body.</summary>
    Builtin,

    /// <summary>Defined by an embedded standard include and named in the gate library: simulated natively,
    /// its body kept only to expand it for tests.</summary>
    Library,

    /// <summary>Defined by the program or a user include: inlined at each call.</summary>
    Defined,

    Opaque,
}
