using System.Collections.Immutable;
using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Parsing;

/// <summary>An OpenQASM 3 <c>def</c>. Subroutines are inlined: each call reads the body again from
/// <paramref name="Body"/> with the arguments bound, so its classical code runs at parse time like the rest.</summary>
/// <param name="Source">The text the body is in, so that a call from another file reads it from the right place.</param>
/// <param name="ReturnsValue">Declared with <c>-&gt; type</c>.</param>
internal sealed record SubroutineDefinition(
    string Name,
    ImmutableArray<SubroutineParameter> Parameters,
    bool ReturnsValue,
    string Source,
    string File,
    ParserMark Body,
    SourceSpan Span);
