using Qxm.Circuits.Parsing;
using Qxm.Circuits.Validation;
using Qxm.Domain.Backends;
using Qxm.Domain.Errors;

namespace Qxm.Engine.Tests.Validation;

/// <summary>Parses an OpenQASM 3 program (stdgates.inc and ionq.inc included) and validates it against a target.</summary>
internal static class Validate
{
    public const string Header = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninclude \"ionq.inc\";\n";

    public static IReadOnlyList<Diagnostic> Program(
        string body, Target target, string backend = "test", int shots = 100, IReadOnlyList<IReadOnlyDictionary<string, double>>? points = null)
    {
        var parsed = OpenQasmParser.Parse(Header + body, "c.qasm", _ => null);
        Assert.True(parsed.Circuit is not null, string.Join("\n", parsed.Diagnostics));
        points ??= [new Dictionary<string, double>()];
        var bound = points.Select(p => Circuits.Binding.CircuitBinder.Bind(parsed.Circuit, p, "c.qasm").Circuit).ToList();
        var context = new ValidationContext(
            parsed.Circuit, "c.qasm", points, bound.All(c => c is not null) ? [.. bound.Select(c => c!)] : [], shots, backend, target);
        return CircuitValidator.Validate(context);
    }

    public static IReadOnlyList<Diagnostic> Errors(IReadOnlyList<Diagnostic> diagnostics) => [.. diagnostics.Where(d => d.IsError)];
}
