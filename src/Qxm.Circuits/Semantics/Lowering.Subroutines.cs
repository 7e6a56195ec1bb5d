using System.Collections.Immutable;
using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Semantics;

/// <summary>Subroutines, inlined at each call with their arguments bound (the body walked again on the tree, under the
/// call budget and the recursion depth), <c>return</c>, and <c>extern</c> declarations, whose calls are refused by name.</summary>
internal sealed partial class Lowering
{
    private readonly Dictionary<string, (SubroutineSyntax Syntax, ImmutableArray<SubroutineParameter> Parameters, SourceText Source)> _subroutines =
        new(StringComparer.Ordinal);

    /// <summary>Subroutines whose bodies were refused when defined: a call does not run them again, so that each mistake
    /// is reported once, where it is written.</summary>
    private readonly HashSet<string> _refusedSubroutines = new(StringComparer.Ordinal);

    /// <summary>How deep in branches decided at run time the innermost call was made: a <c>return</c> deeper than that is
    /// inside such a branch of the subroutine itself.</summary>
    private int _callRuntimeDepth;

    /// <summary>The subroutine being called, whose name a returned measurement's bits take.</summary>
    private string _callName = "";

    private void LowerReturn(ReturnSyntax result)
    {
        if (_subroutineDepth == 0)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Syntax, "'return' outside a subroutine", result));
        }

        var value = result.Value switch
        {
            null or MeasureSyntax => Value.Unknown,
            var expression => Evaluate(expression),
        };
        if (builder.Suppressed > 0)
        {
            return;
        }

        if (_runtimeDepth > _callRuntimeDepth)
        {
            throw Unsupported("'return' inside a branch decided at run time", result);
        }

        if (result.Value is MeasureSyntax measure)
        {
            value = ReturnMeasurement(measure);
        }

        _returnValue = value;
        _control = LoopControl.Return;
        builder.Suppressed++;
    }

    /// <summary><c>return measure q;</c>: the result goes into bits of its own, a register named after the subroutine
    /// (<c>f_return</c>, <c>f_return_2</c>, ...) added at each call, and the call's value reads them.</summary>
    private Value ReturnMeasurement(MeasureSyntax measure)
    {
        var operand = ToOperand(measure.Operand);
        _operands.Clear();
        _operands.Add(operand);
        if (!builder.ResolveQubits(_operands, out var qubits) || qubits.IsEmpty)
        {
            return Value.Unknown;
        }

        var unique = _callName + "_return";
        for (var k = 2; builder.IsNameDeclared(unique) || builder.TryGetGate(unique, out _); k++)
        {
            unique = string.Create(CultureInfo.InvariantCulture, $"{_callName}_return_{k}");
        }

        var span = At(measure);
        builder.DeclareRegister(false, unique, span, qubits.Length, span);
        if (!builder.TryGetClassicalRegister(unique, out var register))
        {
            return Value.Unknown;
        }

        builder.Measure(operand, new Operand(unique, span, false, 0, default), span);
        return Value.Bits(register.Offset, register.Size);
    }

    private void DeclareExtern(ExternSyntax external)
    {
        if (builder.Scopes.Count > 1 || _subroutineDepth > 0)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Syntax, "'extern' declarations are only allowed in the global scope", external));
        }

        if (builder.IsNameDeclared(external.Name.Name) || builder.TryGetGate(external.Name.Name, out _))
        {
            throw new DiagnosticException(Error(DiagnosticRules.Redefinition, $"'{external.Name.Name}' is already declared", external.Name));
        }

        builder.Externs.Add(external.Name.Name);
    }

    private void DefineSubroutine(SubroutineSyntax subroutine)
    {
        var name = subroutine.Name;
        var redefined = builder.IsNameDeclared(name.Name) || builder.TryGetGate(name.Name, out _) || FindVariable(name.Name) is not null;
        if (redefined)
        {
            builder.Report(DiagnosticRules.Redefinition, $"'{name.Name}' is already declared", At(name));
        }

        if (_subroutineDepth > 0 || builder.Scopes.Count > 1)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Syntax, "subroutines can only be defined in the global scope", subroutine));
        }

        var parameters = ImmutableArray.CreateBuilder<SubroutineParameter>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in subroutine.Parameters)
        {
            var lowered = Parameter(parameter);
            if (!names.Add(lowered.Name))
            {
                throw new DiagnosticException(Error(DiagnosticRules.Redefinition, $"parameter '{lowered.Name}' is already declared", parameter.Name));
            }

            parameters.Add(lowered);
        }

        var list = parameters.ToImmutable();

        // Registered before its body is checked, so that it may call itself.
        if (!redefined)
        {
            _subroutines[name.Name] = (subroutine, list, _source);
            builder.Subroutines.Add(name.Name);
        }

        // The body is checked once here, with unknown arguments; it runs when called.
        var errorsBefore = builder.ErrorCount;
        builder.Suppressed++;
        _subroutineDepth++;
        var aliases = BindParameters(list, null, At(name));
        try
        {
            LowerScoped(subroutine.Body);
            if (builder.ErrorCount > errorsBefore && !redefined)
            {
                _refusedSubroutines.Add(name.Name);
            }
        }
        catch (DiagnosticException) when (!redefined)
        {
            _refusedSubroutines.Add(name.Name);
            throw;
        }
        finally
        {
            UnbindParameters(list, aliases);
            _subroutineDepth--;
            builder.Suppressed--;
        }
    }

    private SubroutineParameter Parameter(ParameterSyntax parameter)
    {
        var type = parameter.Type;
        if (type.Name == "qubit")
        {
            var size = type.Size is null ? 1 : ConstInteger(type.Size, "a qubit count");
            return size is < 1 or > CircuitBuilder.MaxBits
                ? throw new DiagnosticException(Error(DiagnosticRules.Type, $"a qubit parameter needs between 1 and {CircuitBuilder.MaxBits} qubits but has {size}", type))
                : new SubroutineParameter(parameter.Name.Name, null, (int)size);
        }

        if (type.IsArray)
        {
            return ArrayParameter(parameter);
        }

        if (parameter.Access is not null || !ScalarTypes.TryGetValue(type.Name, out var scalar))
        {
            throw Unsupported($"'{parameter.Access ?? type.Name}' subroutine parameters", parameter);
        }

        if (type.Size is not null)
        {
            ConstInteger(type.Size, "a type width");
        }

        return new SubroutineParameter(parameter.Name.Name, scalar, 0);
    }

    /// <summary>Opens the scope of a subroutine's parameters: scalars as variables, qubit parameters as registers
    /// naming the argument's qubits (unknown when <paramref name="arguments"/> is null: the body is only checked).</summary>
    private List<Register?> BindParameters(ImmutableArray<SubroutineParameter> parameters, List<(Value Value, Register? Qubits)>? arguments, SourceSpan span)
    {
        var scope = new Dictionary<string, Variable>(StringComparer.Ordinal);
        builder.Scopes.Add(scope);
        var previous = new List<Register?>();
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.Type is { } type)
            {
                scope[parameter.Name] = new Variable(parameter.Name, type, 0, parameter.ReadOnly, span)
                {
                    Value = arguments?[i].Value ?? Value.Unknown,
                    RuntimeDepth = _runtimeDepth,
                    BlockDepth = builder.BlockDepth,
                };
            }
            else
            {
                previous.Add(builder.BindQubitAlias(parameter.Name, arguments is null ? new Register(parameter.Name, parameter.Size, 0) : arguments[i].Qubits));
            }
        }

        return previous;
    }

    private void UnbindParameters(ImmutableArray<SubroutineParameter> parameters, List<Register?> previous)
    {
        var next = 0;
        foreach (var parameter in parameters)
        {
            if (parameter.Type is null)
            {
                builder.BindQubitAlias(parameter.Name, previous[next++]);
            }
        }

        builder.Scopes.RemoveAt(builder.Scopes.Count - 1);
    }

    private Value CallSubroutine(CallSyntax call)
    {
        var name = call.Name;
        if (builder.Externs.Contains(name.Name))
        {
            if (target is null)
            {
                // The language check: valid OpenQASM, read on with the value unknown, so that what follows is checked too.
                foreach (var argument in call.Arguments)
                {
                    Evaluate(argument);
                }

                if (builder.Suppressed == 0)
                {
                    builder.ReportExternCall($"extern '{name.Name}' is computed by the backend while a shot runs; the program is valid, but no backend qxm runs provides externs, so it cannot run", At(name));
                }

                return Value.Unknown;
            }

            throw new DiagnosticException(Error(DiagnosticRules.ExternUnavailable,
                $"extern '{name.Name}' is not provided by the backend: no backend qxm runs provides externs, whose values are computed while a shot runs",
                name));
        }

        var (syntax, parameters, source) = _subroutines[name.Name];
        var arguments = new List<(Value Value, Register? Qubits)>();
        for (var i = 0; i < call.Arguments.Length; i++)
        {
            var argument = call.Arguments[i];
            if (i < parameters.Length && parameters[i].Type is null)
            {
                arguments.Add((Value.Unknown, QubitArgument(name.Name, parameters[i], argument)));
                continue;
            }

            if (i < parameters.Length && parameters[i].Type == ClassicalType.Array)
            {
                arguments.Add((ArrayArgument(name.Name, parameters[i], argument), null));
                continue;
            }

            var value = Evaluate(argument);
            if (i < parameters.Length)
            {
                value = Convert(value, parameters[i].Type!.Value, 0, argument);
            }

            arguments.Add((value, null));
        }

        if (arguments.Count != parameters.Length)
        {
            throw new DiagnosticException(Error(DiagnosticRules.ParameterCount,
                $"subroutine '{name.Name}' takes {CircuitBuilder.Count(parameters.Length, "argument")} but {arguments.Count} {(arguments.Count == 1 ? "was" : "were")} given", name));
        }

        if (builder.Suppressed > 0 || _refusedSubroutines.Contains(name.Name) || arguments.Exists(a => a.Value.Kind == ValueKind.Unknown && a.Qubits is null))
        {
            return Value.Unknown;
        }

        if (_subroutineDepth >= builder.Limits.MaxSubroutineDepth)
        {
            throw new DiagnosticException(Error(DiagnosticRules.RecursionLimit, string.Create(CultureInfo.InvariantCulture,
                $"subroutine calls nested more than {builder.Limits.MaxSubroutineDepth} deep"), name));
        }

        if (!builder.TryUnroll(builder.File, At(name)))
        {
            return Value.Unknown;
        }

        // A subroutine sees the global scope and its parameters, not the caller's locals.
        var callerScopes = builder.Scopes.GetRange(1, builder.Scopes.Count - 1);
        builder.Scopes.RemoveRange(1, builder.Scopes.Count - 1);
        var savedLoop = (_loopDepth, _loopRuntimeDepth, _runtimeDepth, _callRuntimeDepth, _callName);
        var (savedFile, savedSource) = (builder.File, _source);
        _loopDepth = 0;
        _callRuntimeDepth = _runtimeDepth;
        _callName = name.Name;
        _subroutineDepth++;
        builder.File = source.File;
        _source = source;
        var aliases = BindParameters(parameters, arguments, At(syntax.Name));
        try
        {
            _returnValue = Value.Unknown;
            LowerScoped(syntax.Body);
            if (_control == LoopControl.Return)
            {
                _control = LoopControl.None;
                builder.Suppressed--;
            }

            return _returnValue;
        }
        finally
        {
            UnbindParameters(parameters, aliases);
            _subroutineDepth--;
            (_loopDepth, _loopRuntimeDepth, _runtimeDepth, _callRuntimeDepth, _callName) = savedLoop;
            (builder.File, _source) = (savedFile, savedSource);
            builder.Scopes.AddRange(callerScopes);
        }
    }

    private Register? QubitArgument(string subroutine, SubroutineParameter parameter, ExpressionSyntax argument)
    {
        var operand = ToOperand(argument);
        if (builder.Suppressed > 0)
        {
            return null;
        }

        _operands.Clear();
        _operands.Add(operand);
        if (!builder.ResolveQubits(_operands, out var qubits))
        {
            return null;
        }

        if (qubits.Length != parameter.Size)
        {
            throw new DiagnosticException(Error(DiagnosticRules.QubitCount,
                $"parameter '{parameter.Name}' of subroutine '{subroutine}' takes {CircuitBuilder.Count(parameter.Size, "qubit")} but {qubits.Length} {(qubits.Length == 1 ? "was" : "were")} given", argument));
        }

        return QubitsAsRegister(parameter.Name, qubits);
    }

    /// <summary>A name for some qubits of the circuit: a run of them, or, when they are not consecutive (an alias or
    /// argument of <c>q[{0, 2}]</c>, <c>q[0] ++ q[3]</c>), a register that lists them.</summary>
    private static Register QubitsAsRegister(string name, ImmutableArray<int> qubits)
    {
        var consecutive = true;
        for (var i = 1; i < qubits.Length; i++)
        {
            consecutive &= qubits[i] == qubits[0] + i;
        }

        return new Register(name, qubits.Length, qubits.IsEmpty ? 0 : qubits[0]) { Map = consecutive ? null : [.. qubits] };
    }
}
