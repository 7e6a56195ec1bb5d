using System.Collections.Immutable;
using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Parsing;

/// <summary>Builds expressions so that every sub-expression without inputs or gate parameters is a
/// <see cref="ConstantExpr"/>: a program without inputs comes out of the parser fully bound.</summary>
internal static class ExpressionFolding
{
    public static Expr Negate(Expr operand) =>
        operand is ConstantExpr c ? new ConstantExpr(-c.Constant) : new UnaryExpr('-', operand);

    public static Expr Binary(char op, Expr left, Expr right) => left is ConstantExpr l && right is ConstantExpr r
        ? new ConstantExpr(BinaryExpr.Apply(op, l.Constant, r.Constant))
        : new BinaryExpr(op, left, right);

    public static Expr Call(string function, Expr argument) => argument is ConstantExpr c
        ? new ConstantExpr(CallExpr.Apply(function, c.Constant))
        : new CallExpr(function, argument);

    /// <summary>Replaces gate parameters by the call's arguments.</summary>
    public static Expr SubstituteParameters(Expr expr, ImmutableArray<Expr> arguments) => expr switch
    {
        ConstantExpr or InputExpr => expr,
        GateParameterExpr p => arguments[p.Index],
        _ => Rebuild(expr, e => SubstituteParameters(e, arguments)),
    };

    /// <summary>Replaces inputs by their values; the result is constant when every input is bound.</summary>
    public static Expr SubstituteInputs(Expr expr, IReadOnlyDictionary<string, double> values) => expr switch
    {
        ConstantExpr or GateParameterExpr => expr,
        InputExpr i => values.TryGetValue(i.Name, out var v) ? new ConstantExpr(v) : expr,
        _ => Rebuild(expr, e => SubstituteInputs(e, values)),
    };

    private static Expr Rebuild(Expr expr, Func<Expr, Expr> child) => expr switch
    {
        UnaryExpr { Operator: '-' } u => Negate(child(u.Operand)),
        UnaryExpr u => child(u.Operand),
        BinaryExpr b => Binary(b.Operator, child(b.Left), child(b.Right)),
        CallExpr c => Call(c.Function, child(c.Argument)),
        _ => throw new Domain.Errors.QxmException($"unknown expression {expr.GetType().Name}"),
    };
}
