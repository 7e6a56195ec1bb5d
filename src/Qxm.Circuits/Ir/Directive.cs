namespace Qxm.Circuits.Ir;

/// <summary>An OpenQASM 3 pragma or annotation, kept as written for the backends that understand it (for example
/// Braket's <c>#pragma braket verbatim</c> before a box). Simulators ignore directives.</summary>
/// <param name="Text">What follows <c>pragma</c> (or <c>#pragma</c>), or the annotation from its <c>@</c>, to the end of its
/// line; for a calibration, the whole statement as written, across lines.</param>
/// <param name="OperationIndex">The index in <see cref="Circuit.Operations"/> of the first operation after the directive
/// (the enclosing operation, when the directive stands inside a block); the count of operations when none follows.</param>
public sealed record Directive(DirectiveKind Kind, string Text, int OperationIndex, SourceSpan Span);
