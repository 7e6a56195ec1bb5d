using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Parsing;

/// <summary>A formal parameter inside a gate definition's body. Replaced by the call's argument when the
/// gate is inlined, so it never appears in a finished <see cref="Circuit"/>.</summary>
internal sealed record GateParameterExpr(int Index, string Name) : Expr
{
    public override double Evaluate(IReadOnlyDictionary<string, double> bindings) =>
        throw new QxmException($"gate parameter '{Name}' escaped its gate definition");

    public override string ToCanonicalString() => "%" + Name;

    public override IEnumerable<string> Inputs() => [];
}
