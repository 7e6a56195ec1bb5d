using Qxm.Circuits.Semantics;
using Qxm.Domain.Backends;

namespace Qxm.Circuits.Parsing;

/// <summary>The OpenQASM front end: all of OpenQASM 2.0 and OpenQASM 3 as docs/openqasm.md lists it. It runs in stages:
/// the syntax stage reads the text into a syntax tree (Syntax/), and the semantic passes lower it to the circuit IR
/// (Semantics/).</summary>
public static class OpenQasmParser
{
    /// <param name="source">The program text.</param>
    /// <param name="origin">The file name as the user wrote it (or <c>&lt;inline&gt;</c>), used in diagnostics.</param>
    /// <param name="includeResolver">Returns the text of an include, given its name as written, or null when it
    /// does not exist. <c>qelib1.inc</c> and <c>stdgates.inc</c> are built in and never asked for.</param>
    /// <param name="limits">How far the program may expand; <see cref="ExpansionLimits.Default"/> when null.</param>
    /// <param name="target">The backend's target, where the program is read for one: it states how long gates,
    /// measurements and resets last, which <c>durationof</c> needs. Without it such a <c>durationof</c> is refused.</param>
    public static ParseResult Parse(
        string source, string origin, Func<string, string?>? includeResolver = null, ExpansionLimits? limits = null, Target? target = null) =>
        StagedFrontEnd.Parse(source, origin, includeResolver, limits, target);
}
