namespace Qxm.Circuits.Syntax;

/// <summary>The children of each kind of node, in source order, so that passes and tests can walk any tree without
/// knowing every node type.</summary>
internal static class SyntaxWalker
{
    /// <summary>The node and every node below it, in source order (parents before children).</summary>
    public static IEnumerable<SyntaxNode> DescendantsAndSelf(SyntaxNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var stack = new Stack<SyntaxNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            var children = Children(current).ToList();
            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }
    }

    public static IEnumerable<SyntaxNode> Children(SyntaxNode node) => node switch
    {
        ProgramSyntax program => [.. Concat(program.Version), .. program.Statements],
        BlockSyntax block => block.Statements,
        QubitDeclarationSyntax qubits => Concat(qubits.Name, qubits.Size),
        ClassicalDeclarationSyntax declaration => Concat(declaration.Type, declaration.Name, declaration.Initializer),
        AliasSyntax alias => Concat(alias.Name, alias.Value),
        GateDefinitionSyntax gate => [gate.Name, .. gate.Parameters, .. gate.Qubits, .. Concat(gate.Body)],
        SubroutineSyntax subroutine => [subroutine.Name, .. subroutine.Parameters, .. Concat(subroutine.ReturnType), subroutine.Body],
        ParameterSyntax parameter => Concat(parameter.Type, parameter.Name),
        ExternSyntax external => [external.Name, .. external.Parameters, .. Concat(external.ReturnType)],
        ModifierSyntax modifier => Concat(modifier.Argument),
        GateCallSyntax call => [.. call.Modifiers, call.Name, .. call.Arguments, .. Concat(call.Duration), .. call.Qubits],
        MeasureArrowSyntax measure => Concat(measure.Qubit, measure.Target),
        AssignmentSyntax assignment => Concat(assignment.Target, assignment.Value),
        ResetSyntax reset => [reset.Qubit],
        BarrierSyntax barrier => barrier.Qubits,
        NopSyntax nop => nop.Qubits,
        DelaySyntax delay => [delay.Duration, .. delay.Qubits],
        BoxSyntax box => Concat(box.Duration, box.Body),
        IfSyntax conditional => Concat(conditional.Condition, conditional.Then, conditional.Else),
        ForSyntax loop => Concat(loop.Type, loop.Variable, loop.Iterable, loop.Body),
        WhileSyntax loop => Concat(loop.Condition, loop.Body),
        SwitchSyntax switchStatement => [switchStatement.Subject, .. switchStatement.Cases],
        CaseSyntax label => [.. label.Values, label.Body],
        ReturnSyntax result => Concat(result.Value),
        ExpressionStatementSyntax expression => [expression.Expression],
        TypeSyntax type => [.. Concat(type.Size, type.Element), .. type.Dimensions.IsDefault ? [] : type.Dimensions, .. Concat(type.DimensionCount)],
        UnarySyntax unary => [unary.Operand],
        BinarySyntax binary => [binary.Left, binary.Right],
        CallSyntax call => [call.Name, .. call.Arguments],
        CastSyntax cast => [cast.Type, cast.Operand],
        IndexSyntax index => [index.Target, index.Index, .. index.MoreIndices],
        RangeSyntax range => Concat(range.Start, range.Step, range.End),
        SetSyntax set => set.Items,
        DurationOfSyntax duration => [duration.Block],
        MeasureSyntax measure => [measure.Operand],
        _ => [],
    };

    private static IEnumerable<SyntaxNode> Concat(params SyntaxNode?[] nodes) => nodes.OfType<SyntaxNode>();
}
