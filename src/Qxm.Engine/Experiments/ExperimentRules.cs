namespace Qxm.Engine.Experiments;

/// <summary>The stable rule ids of experiment-file diagnostics (documented in docs/experiment-format.md).</summary>
public static class ExperimentRules
{
    public const string Syntax = "experiment.syntax";
    public const string UnknownField = "experiment.unknown-field";
    public const string Type = "experiment.type";
    public const string MissingField = "experiment.missing-field";
    public const string Value = "experiment.value";
    public const string CircuitNotFound = "experiment.circuit-not-found";
    public const string CircuitPathNotAllowed = "experiment.circuit-path-not-allowed";
    public const string UnsupportedFile = "experiment.unsupported-file";
    public const string FileNotFound = "experiment.file-not-found";
    public const string TooDeep = "experiment.too-deep";
    public const string AliasLimit = "experiment.alias-limit";
    public const string InvalidText = "experiment.invalid-text";
    public const string NumberOutOfRange = "experiment.number-out-of-range";
}
