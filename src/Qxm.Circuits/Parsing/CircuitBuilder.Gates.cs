using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Parsing;

/// <summary>Gates: definitions in the one namespace of gates and registers, and calls checked, priced and inlined.</summary>
internal sealed partial class CircuitBuilder
{
    public bool TryGetGate(string name, out GateDefinition gate) => _gates.TryGetValue(name, out gate!);

    /// <summary>A gate in scope; in an OpenQASM 3 program without any include, also a gate of Amazon Braket's built-in
    /// set, brought into scope with a lint note, since Braket programs call those without including anything.</summary>
    public bool TryResolveGate(string name, SourceSpan span, out GateDefinition gate)
    {
        if (_gates.TryGetValue(name, out gate!))
        {
            return true;
        }

        if (Version < 3 || IsLibrary || _included.Count > 0 || IsNameDeclared(name) || !LibraryIncludes.TryGetBraket(name, out gate))
        {
            return false;
        }

        _gates.Add(name, gate);
        _diagnostics.Add(new Diagnostic(DiagnosticRules.BraketGate,
            $"gate '{name}' is resolved from Amazon Braket's built-in gates, since the program includes no gate library; other tools need it defined",
            File, span.Line, span.Column, Severity: DiagnosticSeverity.Warning));
        return true;
    }

    public void DefineGate(GateDefinition gate)
    {
        _gates.Add(gate.Name, gate);
        _definedGates.Add(gate);
    }

    /// <summary>Brings an embedded include's gates into scope, as if its text had been parsed here.</summary>
    public void AddLibraryGates(string file, IReadOnlyList<GateDefinition> gates)
    {
        var saved = File;
        File = file;
        foreach (var gate in gates)
        {
            // The built-in CX that stdgates.inc provides is already in scope in OpenQASM 2.
            if (!_gates.TryAdd(gate.Name, gate) && !ReferenceEquals(_gates[gate.Name], gate))
            {
                Report(DiagnosticRules.Redefinition, $"gate '{gate.Name}' is already defined", gate.Span);
            }
        }

        File = saved;
    }

    public void ApplyGate(string name, SourceSpan span, ImmutableArray<Expr> parameters, List<Operand> operands) =>
        ApplyGate(name, span, parameters, operands, GateModifiers.None);

    public void ApplyGate(string name, SourceSpan span, ImmutableArray<Expr> parameters, List<Operand> operands, GateModifiers modifiers)
    {
        if (!TryResolveGate(name, span, out var gate))
        {
            var hint = Subroutines.Contains(name) ? $" ('{name}' is a subroutine: call it as '{name}(...)')"
                : GateLibrary.TryGet(name, out _)
                ? Version == 2 ? " (missing include \"qelib1.inc\"?)" : " (missing include \"stdgates.inc\"?)"
                : "";
            Report(DiagnosticRules.UndefinedGate, $"gate '{name}' is not defined{hint}", span);
            return;
        }

        var controls = modifiers.Controls.Length;
        if (!CheckCall(gate, span, parameters.Length, operands.Count - controls, requireDefinition: modifiers.IsNone, controls)
            || gate.HasErrors || !CheckNamesWhenSuppressed(operands) || !ResolveAll(operands))
        {
            return;
        }

        var width = BroadcastWidth(operands);
        if (width < 0)
        {
            return;
        }

        var cost = modifiers.IsNone ? gate.Cost : ExpansionCost.OfModifiedCall(gate, modifiers);
        if (!Charge(ExpansionCost.Multiply(cost, width), span, "", name, width))
        {
            return;
        }

        // The qubits of one call are gathered here and copied to an array only when no shared one holds them, so that
        // a call on shared qubits leaves nothing behind but its operation.
        Span<int> qubits = operands.Count <= 8 ? stackalloc int[operands.Count] : new int[operands.Count];
        for (var i = 0; i < width; i++)
        {
            for (var j = 0; j < qubits.Length; j++)
            {
                var resolved = _resolved[j];
                qubits[j] = resolved.At(resolved.IsRegister ? i : 0);
                for (var k = 0; k < j; k++)
                {
                    if (qubits[k] == qubits[j])
                    {
                        var operand = operands[j];
                        var element = operand.HasIndex ? $"{operand.Name}[{operand.Index}]" : $"{operand.Name}[{i}]";
                        Report(DiagnosticRules.DuplicateQubit, $"qubit {element} is used twice in one call of gate '{name}'", operand.NameSpan);
                        return;
                    }
                }
            }

            if (modifiers.IsNone)
            {
                GateInliner.Apply(gate, parameters, Shared(qubits), span, false, _emit);
            }
            else if (ModifierLowering.Lower(gate, parameters, [.. qubits], modifiers, span, _emit) is { } error)
            {
                Report(DiagnosticRules.Unsupported, error, span);
                return;
            }
        }
    }

    /// <summary>Checks a call's counts and, where the call is executed rather than defined inside another gate,
    /// that the gate can be simulated. Reports the first problem.</summary>
    public bool CheckCall(GateDefinition gate, SourceSpan span, int parameterCount, int qubitCount, bool requireDefinition, int controls = 0)
    {
        if (qubitCount < 0)
        {
            Report(DiagnosticRules.QubitCount,
                $"gate '{gate.Name}' with {Count(controls, "control")} takes {Count(gate.QubitCount + controls, "qubit")} but {Given(qubitCount + controls)}", span);
            return false;
        }

        if (parameterCount != gate.ParameterCount)
        {
            Report(DiagnosticRules.ParameterCount,
                $"gate '{gate.Name}' takes {Count(gate.ParameterCount, "parameter")} but {Given(parameterCount)}", span);
            return false;
        }

        if (qubitCount != gate.QubitCount)
        {
            Report(DiagnosticRules.QubitCount, controls == 0
                ? $"gate '{gate.Name}' takes {Count(gate.QubitCount, "qubit")} but {Given(qubitCount)}"
                : $"gate '{gate.Name}' with {Count(controls, "control")} takes {Count(gate.QubitCount + controls, "qubit")} but {Given(qubitCount + controls)}",
                span);
            return false;
        }

        if (requireDefinition && (gate.Kind == GateKind.Opaque || gate.OpaqueDependency is not null))
        {
            var opaque = gate.OpaqueDependency ?? gate.Name;
            Report(DiagnosticRules.Opaque, $"opaque gate '{opaque}' has no definition and cannot be simulated", span);
            return false;
        }

        return true;
    }

    /// <summary>The operands of a call of one or two low qubits, as one array shared by every operation on them: the
    /// circuit of a long program holds its operations until the parse ends, and a qubit array each is a quarter of
    /// what it holds (they are immutable, so sharing is safe).</summary>
    private ImmutableArray<int> Shared(ReadOnlySpan<int> qubits)
    {
        switch (qubits)
        {
            case [var q] when (uint)q < SharedQubits:
                // Sized to the qubits declared so far, so that a small program pays for a small table.
                if (_singleQubits is null || q >= _singleQubits.Length)
                {
                    Array.Resize(ref _singleQubits, Math.Clamp(_qubitCount, q + 1, SharedQubits));
                }

                return _singleQubits[q] is { IsDefault: false } single ? single : _singleQubits[q] = [q];
            case [var a, var b] when (uint)a < SharedPairQubits && (uint)b < SharedPairQubits:
                if (_qubitPairs is null || Math.Max(a, b) >= _pairSide)
                {
                    // Made again, larger, when more qubits are declared: the pairs shared so far stay shared.
                    _pairSide = Math.Clamp(_qubitCount, Math.Max(a, b) + 1, SharedPairQubits);
                    _qubitPairs = new ImmutableArray<int>[_pairSide * _pairSide];
                }

                ref var pair = ref _qubitPairs[(a * _pairSide) + b];
                return pair.IsDefault ? pair = [a, b] : pair;
            default:
                return [.. qubits];
        }
    }

    /// <summary>A list of one to four constant parameters, shared by every call with the same values (up to
    /// <see cref="SharedParameterLists"/> distinct lists); any other list as it is.</summary>
    public ImmutableArray<Expr> Shared(ImmutableArray<Expr> parameters)
    {
        if (parameters.Length is 0 or > 4)
        {
            return parameters;
        }

        Span<double> values = stackalloc double[4];
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i] is not ConstantExpr constant)
            {
                return parameters;
            }

            values[i] = constant.Constant;
        }

        // 0.0 and -0.0 share a key; the check of the bits keeps them apart.
        var key = (parameters.Length, values[0], values[1], values[2], values[3]);
        _parameterLists ??= [];
        if (_parameterLists.TryGetValue(key, out var shared) && Same(shared, values))
        {
            return shared;
        }

        if (_parameterLists.Count < SharedParameterLists)
        {
            _parameterLists[key] = parameters;
        }

        return parameters;
    }

    /// <summary>The shared list of these one to four constants, made (and kept, while there is room) only when no
    /// shared list holds them: a call with the same constants as an earlier one allocates nothing for its parameters.</summary>
    public ImmutableArray<Expr> SharedConstants(ReadOnlySpan<double> values)
    {
        Span<double> padded = stackalloc double[4];
        values.CopyTo(padded);
        var key = (values.Length, padded[0], padded[1], padded[2], padded[3]);
        _parameterLists ??= [];
        if (_parameterLists.TryGetValue(key, out var shared) && Same(shared, values))
        {
            return shared;
        }

        var parameters = new Expr[values.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = new ConstantExpr(values[i]);
        }

        var list = ImmutableCollectionsMarshal.AsImmutableArray(parameters);
        if (_parameterLists.Count < SharedParameterLists)
        {
            _parameterLists[key] = list;
        }

        return list;
    }

    private static bool Same(ImmutableArray<Expr> shared, ReadOnlySpan<double> values)
    {
        for (var i = 0; i < shared.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(((ConstantExpr)shared[i]).Constant) != BitConverter.DoubleToInt64Bits(values[i]))
            {
                return false;
            }
        }

        return true;
    }

    internal static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Given(int n) => n == 1 ? "1 was given" : $"{n} were given";
}
