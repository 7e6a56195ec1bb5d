using System.Collections.Immutable;
using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Semantics;

/// <summary>Loops on values known before the run, unrolled under the budgets (a range counted before any value is
/// made), and <c>break</c>/<c>continue</c>.</summary>
internal sealed partial class Lowering
{
    private void LowerFor(ForSyntax loop)
    {
        var values = LoopValues(loop.Iterable);
        var type = loop.Type is not null && ScalarTypes.TryGetValue(loop.Type.Name, out var declared) ? declared : ClassicalType.Int;
        if (builder.Suppressed > 0 || values is null || values.Count == 0)
        {
            Bind(loop, type, Value.Unknown);
            try
            {
                LowerSuppressed(loop.Body);
            }
            finally
            {
                builder.Scopes.RemoveAt(builder.Scopes.Count - 1);
            }

            return;
        }

        var savedRuntime = _loopRuntimeDepth;
        _loopRuntimeDepth = _runtimeDepth;
        _loopDepth++;
        try
        {
            Action lowerBody = () => LowerScoped(loop.Body);
            foreach (var value in values)
            {
                if (UnrollPass(loop, type, value, lowerBody) is not { } errors || LoopEnds(errors))
                {
                    return;
                }
            }
        }
        finally
        {
            _loopDepth--;
            _loopRuntimeDepth = savedRuntime;
        }
    }

    /// <summary>One pass of an unrolled loop, charged to the loop budget before it is lowered in a scope holding the loop
    /// variable; the error count before the pass, or null when the budget refused it.</summary>
    private int? UnrollPass(ForSyntax loop, ClassicalType type, Value value, Action lowerBody)
    {
        if (!builder.TryUnroll(builder.File, At(loop)))
        {
            return null;
        }

        Bind(loop, type, value);
        var errors = builder.ErrorCount;
        try
        {
            lowerBody();
        }
        finally
        {
            builder.Scopes.RemoveAt(builder.Scopes.Count - 1);
        }

        return errors;
    }

    /// <summary>Opens the scope of one iteration, holding the loop variable.</summary>
    private void Bind(ForSyntax loop, ClassicalType type, Value value) =>
        builder.Scopes.Add(new Dictionary<string, Variable>(StringComparer.Ordinal)
        {
            [loop.Variable.Name] = new Variable(loop.Variable.Name, type, 0, false, At(loop.Variable)) { Value = value, RuntimeDepth = _runtimeDepth, BlockDepth = builder.BlockDepth },
        });

    /// <summary>The values a <c>for</c> loop takes, counted before any is made; null when not known before the run.</summary>
    private List<Value>? LoopValues(ExpressionSyntax iterable)
    {
        if (iterable is SetSyntax set)
        {
            var items = new List<Value>();
            var known = true;
            foreach (var item in set.Items)
            {
                var value = Evaluate(item);
                known &= value.Kind != ValueKind.Unknown;
                items.Add(value.Kind == ValueKind.Int ? value : Value.Int(0));
            }

            return known ? items : null;
        }

        if (iterable is not RangeSyntax { Start: { } first, End: { } last } range)
        {
            if (iterable is IdentifierSyntax array && FindVariable(array.Name) is { Type: ClassicalType.Array } variable)
            {
                return ArrayLoopValues(variable, iterable);
            }

            if (iterable is IdentifierSyntax named && FindVariable(named.Name) is null && builder.TryGetClassicalRegister(named.Name, out var bits))
            {
                // Each pass reads one bit of the register as it is when the pass runs, as 'register[i]' would.
                return [.. Enumerable.Range(0, bits.Size).Select(i => Value.Bits(bits.Offset + i, 1))];
            }

            throw new DiagnosticException(Error(DiagnosticRules.Syntax, "expected a range '[a:b]' or a set '{a, b}'", iterable));
        }

        var start = ConstIntegerOrUnknown(first, "a range start", out var knownStart);
        var second = ConstIntegerOrUnknown(range.Step ?? last, "a range end", out var knownSecond);
        var step = 1L;
        var end = second;
        if (range.Step is not null)
        {
            step = second;
            end = ConstIntegerOrUnknown(last, "a range end", out var knownEnd);
            knownSecond &= knownEnd;
            if (knownSecond && step == 0)
            {
                throw new DiagnosticException(Error(DiagnosticRules.Type, "a range step cannot be 0", range.Step));
            }
        }

        if (!knownStart || !knownSecond)
        {
            return null;
        }

        // Counted before any value is made, so a range of 10^18 costs nothing to refuse.
        var distance = step > 0 ? (Int128)end - start : (Int128)start - end;
        var count = distance < 0 ? 0 : (distance / Int128.Abs(step)) + 1;
        if (count > builder.Limits.MaxLoopIterations)
        {
            throw new DiagnosticException(Error(DiagnosticRules.LoopLimit, string.Create(CultureInfo.InvariantCulture,
                $"the range has more than {builder.Limits.MaxLoopIterations:N0} values; the program is too long to run"), range.Step ?? last));
        }

        var values = new List<Value>((int)count);
        for (var i = 0L; i < (long)count; i++)
        {
            values.Add(Value.Int(start + (i * step)));
        }

        return values;
    }

    /// <summary>The values of a one-dimensional array, copied when the loop starts (the loop variable is a copy, so
    /// writes to the array in the body do not change the passes), each charged to the loop budget as a pass.</summary>
    private List<Value>? ArrayLoopValues(Variable variable, ExpressionSyntax iterable)
    {
        if (variable.Value.Kind != ValueKind.Array || variable.Value.Payload is not ClassicalArray array)
        {
            return null;
        }

        if (array.Rank != 1)
        {
            throw Unsupported($"a 'for' loop over an array of {array.Rank} dimensions (loop over its first index instead)", iterable);
        }

        return [.. array.Elements];
    }

    private bool LoopEnds(int errorsBefore)
    {
        if (_control is LoopControl.Break or LoopControl.Continue)
        {
            var stop = _control == LoopControl.Break;
            _control = LoopControl.None;
            builder.Suppressed--;
            if (stop)
            {
                return true;
            }
        }

        return _control == LoopControl.Return || builder.ErrorCount > errorsBefore;
    }

    private void LowerWhile(WhileSyntax loop)
    {
        var iterations = 0;
        var savedRuntime = _loopRuntimeDepth;
        _loopRuntimeDepth = _runtimeDepth;
        _loopDepth++;
        try
        {
            while (true)
            {
                var value = Evaluate(loop.Condition);
                if (builder.Suppressed > 0 || value.Kind == ValueKind.Unknown)
                {
                    LowerSuppressed(loop.Body);
                    return;
                }

                if (value.IsRuntime)
                {
                    LowerRuntimeWhile(loop, value);
                    return;
                }

                if (value.Kind != ValueKind.Bool)
                {
                    throw new DiagnosticException(Error(DiagnosticRules.Type, $"a 'while' condition must be a bool, not {value.Described}", loop.Condition));
                }

                if (value.Integer == 0 || !builder.TryUnroll(builder.File, At(loop)))
                {
                    LowerSuppressed(loop.Body);
                    return;
                }

                if (++iterations > builder.Limits.MaxWhileIterations)
                {
                    builder.Report(DiagnosticRules.LoopLimit, string.Create(CultureInfo.InvariantCulture,
                        $"the 'while' loop did not end within {builder.Limits.MaxWhileIterations} iterations"), At(loop));
                    LowerSuppressed(loop.Body);
                    return;
                }

                var errors = builder.ErrorCount;
                LowerScoped(loop.Body);
                if (LoopEnds(errors))
                {
                    return;
                }
            }
        }
        finally
        {
            _loopDepth--;
            _loopRuntimeDepth = savedRuntime;
        }
    }

    /// <summary>A <c>while</c> on measured bits, decided per shot before every pass: the body is lowered once, as a branch
    /// decided at run time (charged to the budgets once), and the simulator stops a shot before the pass past
    /// <see cref="ExpansionLimits.MaxShotLoopIterations"/>. <c>break</c> and <c>continue</c> inside it are refused.</summary>
    private void LowerRuntimeWhile(WhileSyntax loop, Value condition)
    {
        if (ValueOperations.AsCondition(condition) is not { } runtime)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"a 'while' condition must be a bool or measured bits, not {condition.Described}", loop.Condition));
        }

        if (ReadsInput(runtime))
        {
            // Its passes would change the values it compares while the comparison was made once, before the loop.
            throw Unsupported("a 'while' condition read from an input (inputs get their values after the program is read)", loop.Condition);
        }

        _runtimeDepth++;
        try
        {
            var body = LowerRuntimeBranch(loop.Body);
            builder.EmitOperation(new WhileOperation(runtime, body, builder.Limits.MaxShotLoopIterations, At(loop)));
        }
        finally
        {
            _runtimeDepth--;
        }
    }

    private void LowerJump(JumpSyntax jump)
    {
        if (jump.Keyword == "end")
        {
            throw Unsupported("'end' statement", jump);
        }

        if (_loopDepth == 0)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Syntax, $"'{jump.Keyword}' outside a loop", jump));
        }

        if (builder.Suppressed > 0)
        {
            return;
        }

        if (_runtimeDepth > _loopRuntimeDepth)
        {
            throw Unsupported($"'{jump.Keyword}' inside a branch decided at run time", jump);
        }

        _control = jump.Keyword == "break" ? LoopControl.Break : LoopControl.Continue;
        builder.Suppressed++;
    }
}
