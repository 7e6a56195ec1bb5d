namespace Qxm.Circuits.Parsing;

/// <summary>The OpenQASM front end: all of OpenQASM 2.0 and the gate-level subset of OpenQASM 3.</summary>
public static class OpenQasmParser
{
    /// <param name="source">The program text.</param>
    /// <param name="origin">The file name as the user wrote it (or <c>&lt;inline&gt;</c>), used in diagnostics.</param>
    /// <param name="includeResolver">Returns the text of an include, given its name as written, or null when it
    /// does not exist. <c>qelib1.inc</c> and <c>stdgates.inc</c> are built in and never asked for.</param>
    /// <param name="limits">How far the program may expand; <see cref="ExpansionLimits.Default"/> when null.</param>
    public static ParseResult Parse(
        string source, string origin, Func<string, string?>? includeResolver = null, ExpansionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(origin);
        limits ??= ExpansionLimits.Default;
        limits.Validate();
        var builder = new CircuitBuilder(origin, limits);
        new Parser(source, origin, builder, new Dictionary<string, string>(StringComparer.Ordinal), includeResolver, 0).ParseProgram();
        return new ParseResult(builder.Build(), builder.Diagnostics);
    }
}
