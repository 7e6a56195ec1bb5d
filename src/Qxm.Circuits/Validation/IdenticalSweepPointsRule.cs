using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

/// <summary>Sweep points whose bound circuits are identical: the shots spent on the repeats measure nothing new,
/// usually because a parameter is unused or a list repeats a value.</summary>
internal sealed class IdenticalSweepPointsRule : IValidationRule
{
    public string Id => ValidationRules.IdenticalSweepPoints;

    public IEnumerable<Diagnostic> Check(ValidationContext context)
    {
        if (context.BoundCircuits.Count < 2)
        {
            yield break;
        }

        var firstByText = new Dictionary<string, int>(StringComparer.Ordinal);
        var repeats = new List<(int Point, int SameAs)>();
        for (var i = 0; i < context.BoundCircuits.Count; i++)
        {
            var text = context.BoundCircuits[i].ToCanonicalString();
            if (!firstByText.TryAdd(text, i))
            {
                repeats.Add((i, firstByText[text]));
            }
        }

        if (repeats.Count == 0)
        {
            yield break;
        }

        var used = context.Circuit.Operations.Length == 0 ? [] : OperationTree.Descendants(context.Circuit.Operations)
            .OfType<GateOperation>().SelectMany(g => g.Parameters).SelectMany(p => p.Inputs()).ToHashSet(StringComparer.Ordinal);
        var unusedInputs = context.Points[0].Keys.Where(k => !used.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var why = unusedInputs.Count > 0
            ? $"no gate reads {string.Join(", ", unusedInputs.Select(n => $"'{n}'"))}"
            : "some values repeat";
        var (point, sameAs) = repeats[0];
        yield return new Diagnostic(
            Id,
            $"{repeats.Count} of {context.BoundCircuits.Count} sweep points produce a circuit identical to an earlier one "
                + $"(point {point + 1} = point {sameAs + 1}): {why}; remove the repeated values or the unused parameter",
            context.File,
            Path: "parameters",
            Severity: DiagnosticSeverity.Warning);
    }
}
