using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

/// <summary>Gate parameters left unbound, or that evaluate to NaN or ±∞, at any sweep point: located at the gate.</summary>
internal sealed class ParameterValueRule : IValidationRule
{
    public string Id => ValidationRules.ParameterValue;

    public IEnumerable<Diagnostic> Check(ValidationContext context)
    {
        var reported = new HashSet<(int Line, int Column, int Parameter)>();
        var count = 0;
        for (var point = 0; point < context.Points.Count; point++)
        {
            var bindings = context.Points[point];
            foreach (var gate in OperationTree.Descendants(context.Circuit.Operations).OfType<GateOperation>())
            {
                for (var i = 0; i < gate.Parameters.Length; i++)
                {
                    var message = Problem(gate.Parameters[i], bindings, gate.Name, i, point, context.Points.Count);
                    if (message is null || !reported.Add((gate.Span.Line, gate.Span.Column, i)))
                    {
                        continue;
                    }

                    if (++count > ValidationRules.MaxPerRule)
                    {
                        yield break;
                    }

                    yield return new Diagnostic(Id, message, context.File, gate.Span.Line, gate.Span.Column);
                }
            }
        }
    }

    private static string? Problem(Expr parameter, IReadOnlyDictionary<string, double> bindings, string gate, int index, int point, int points)
    {
        var unbound = parameter.Inputs().Where(name => !bindings.ContainsKey(name)).Distinct(StringComparer.Ordinal).ToList();
        if (unbound.Count > 0)
        {
            return $"parameter {index + 1} of {gate} reads input '{unbound[0]}', which has no value; give it one under 'parameters' in the experiment";
        }

        var value = parameter.Evaluate(bindings);
        if (double.IsFinite(value))
        {
            return null;
        }

        var where = points > 1 ? $" at sweep point {point + 1}" : "";
        var inputs = string.Join(", ", parameter.Inputs().Distinct(StringComparer.Ordinal)
            .Select(n => $"{n} = {bindings[n].ToString("R", CultureInfo.InvariantCulture)}"));
        return $"parameter {index + 1} of {gate} is {Format(value)}{where}{(inputs.Length > 0 ? $" ({inputs})" : "")}; "
            + "change the expression or the parameter values so that it is a finite angle";
    }

    private static string Format(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "+∞" : "-∞";
}
