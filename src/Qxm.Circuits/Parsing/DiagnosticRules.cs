namespace Qxm.Circuits.Parsing;

/// <summary>The stable rule ids of parser diagnostics; users and tests match on them.</summary>
internal static class DiagnosticRules
{
    public const string Syntax = "qasm.syntax";
    public const string Version = "qasm.version";
    public const string IncludeNotFound = "qasm.include-not-found";
    public const string UndefinedGate = "qasm.undefined-gate";
    public const string UndefinedRegister = "qasm.undefined-register";
    public const string UndefinedIdentifier = "qasm.undefined-identifier";
    public const string Redefinition = "qasm.redefinition";
    public const string QubitCount = "qasm.qubit-count";
    public const string ParameterCount = "qasm.parameter-count";
    public const string IndexOutOfRange = "qasm.index-out-of-range";
    public const string RegisterSizeMismatch = "qasm.register-size-mismatch";
    public const string DuplicateQubit = "qasm.duplicate-qubit";
    public const string Opaque = "qasm.opaque";
    public const string Unsupported = "qasm.unsupported";
    public const string Type = "qasm.type";
    public const string LoopLimit = "qasm.loop-limit";
    public const string ExpansionLimit = "qasm.expansion-limit";
    public const string RecursionLimit = "qasm.recursion-limit";

    /// <summary>A call of an <c>extern</c> function, whose value a backend would compute while a shot runs.</summary>
    public const string ExternUnavailable = "qasm.extern-unavailable";

    /// <summary>A <c>durationof</c> needs an operation's duration that the target (or its absence) does not state.</summary>
    public const string DurationUnknown = "qasm.duration-unknown";

    /// <summary>A lint note, not an error: a gate was resolved from Amazon Braket's built-in set.</summary>
    public const string BraketGate = "qasm.braket-gate";
}
