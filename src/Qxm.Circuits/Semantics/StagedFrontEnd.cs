using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Backends;

namespace Qxm.Circuits.Semantics;

/// <summary>The staged front end: the syntax stage reads the program statement by statement, and the semantic passes
/// lower each statement to the circuit IR as it comes (names resolved in OpenQASM's scopes, constants evaluated, loops
/// unrolled and calls expanded under the budgets, modifiers lowered). <see cref="OpenQasmParser.Parse"/> is its public
/// entry.</summary>
internal static class StagedFrontEnd
{
    public static ParseResult Parse(
        string source, string origin, Func<string, string?>? includeResolver = null, ExpansionLimits? limits = null, Target? target = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(origin);
        limits ??= ExpansionLimits.Default;
        limits.Validate();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = SyntaxParser.Open(source, origin, names);
        var builder = new CircuitBuilder(origin, limits);
        if (reader.Diagnostics.Count > 0 && reader.Version is null)
        {
            foreach (var diagnostic in reader.Diagnostics)
            {
                builder.Report(diagnostic);
            }

            return new ParseResult(null, builder.Diagnostics);
        }

        builder.SetVersion(reader.LanguageVersion);
        new Lowering(builder, reader.LanguageVersion, includeResolver, names, target).LowerAll(reader, 0);
        return new ParseResult(builder.Build(), builder.Diagnostics);
    }
}
