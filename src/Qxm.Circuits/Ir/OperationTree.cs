namespace Qxm.Circuits.Ir;

/// <summary>Walks operations that contain others (branches, boxes, OpenQASM 2 conditionals), so that checks
/// over a circuit see every operation wherever it is nested.</summary>
public static class OperationTree
{
    /// <summary>Every operation, each container before its contents, in program order.</summary>
    public static IEnumerable<Operation> Descendants(IEnumerable<Operation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var stack = new Stack<IEnumerator<Operation>>();
        stack.Push(operations.GetEnumerator());
        while (stack.Count > 0)
        {
            var current = stack.Peek();
            if (!current.MoveNext())
            {
                current.Dispose();
                stack.Pop();
                continue;
            }

            var op = current.Current;
            yield return op;
            switch (op)
            {
                case IfOperation i:
                    stack.Push(i.Then.Concat(i.Else).GetEnumerator());
                    break;
                case BoxOperation b:
                    stack.Push(((IEnumerable<Operation>)b.Body).GetEnumerator());
                    break;
                case ConditionalOperation c:
                    stack.Push(Enumerable.Repeat(c.Body, 1).GetEnumerator());
                    break;
                case WhileOperation w:
                    stack.Push(((IEnumerable<Operation>)w.Body).GetEnumerator());
                    break;
            }
        }
    }

    /// <summary>The qubits that gates, measurements and resets act on, wherever they are nested; barriers and delays
    /// only mark qubits, they do not act on them.</summary>
    public static SortedSet<int> QubitsActedOn(IEnumerable<Operation> operations)
    {
        var qubits = new SortedSet<int>();
        foreach (var op in Descendants(operations))
        {
            switch (op)
            {
                case GateOperation g:
                    qubits.UnionWith(g.Qubits);
                    break;
                case MeasureOperation m:
                    qubits.Add(m.Qubit);
                    break;
                case ResetOperation r:
                    qubits.Add(r.Qubit);
                    break;
            }
        }

        return qubits;
    }

    /// <summary>True when this operation reads clbits to decide what runs. An <c>if</c> on inputs alone reads none: the
    /// binder decides it before the run.</summary>
    public static bool IsClassicallyControlled(Operation operation) =>
        operation is ConditionalOperation or WhileOperation || (operation is IfOperation branch && branch.Condition.Clbits().Any());

    /// <summary>The clbits an operation reads to decide what runs or what it writes (not those nested operations read).</summary>
    public static IEnumerable<int> ClbitsRead(Operation operation) => operation switch
    {
        IfOperation i => i.Condition.Clbits(),
        WhileOperation w => w.Condition.Clbits(),
        ClassicalAssignOperation a => a.Value.Clbits(),
        ConditionalOperation c => Enumerable.Range(c.Offset, c.Width),
        _ => [],
    };
}
