using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Parsing;

/// <summary>The meaning of a program as its statements are parsed: declarations, gates in scope and the
/// flattened operations. Shared by the parsers of a program and of the files it includes.</summary>
internal sealed class CircuitBuilder
{
    /// <summary>Bounds memory for hostile input; far above anything a simulator or device takes.</summary>
    public const int MaxBits = 1 << 24;

    private readonly List<Diagnostic> _diagnostics = [];
    private readonly Dictionary<string, Register> _quantum = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Register> _classical = new(StringComparer.Ordinal);
    private readonly List<Register> _quantumInOrder = [];
    private readonly List<Register> _classicalInOrder = [];
    private readonly List<string> _inputs = [];
    private readonly HashSet<string> _inputSet = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GateDefinition> _gates = new(StringComparer.Ordinal);
    private readonly List<GateDefinition> _definedGates = [];
    private readonly HashSet<string> _included = new(StringComparer.Ordinal);
    private readonly List<Operation> _operations = [];
    private readonly List<Directive> _directives = [];
    private readonly List<(int Start, int Size, bool IsRegister)> _resolved = [];
    private readonly Stack<List<Operation>> _blocks = new();
    private readonly Action<Operation> _emit;
    private (int Offset, int Width, long Value, SourceSpan Span)? _condition;
    private int _qubitCount;
    private int _clbitCount;

    public CircuitBuilder(string file, ExpansionLimits limits, bool isLibrary = false)
    {
        File = file;
        Limits = limits;
        IsLibrary = isLibrary;
        _emit = Emit;
    }

    public ExpansionLimits Limits { get; }

    /// <summary>Operations charged so far against <see cref="ExpansionLimits.MaxOperations"/>.</summary>
    public long Operations { get; private set; }

    /// <summary>The file whose statements are being processed, for diagnostics.</summary>
    public string File { get; set; }

    /// <summary>Parsing an embedded standard include: its gates in the library become native.</summary>
    public bool IsLibrary { get; }

    public int Version { get; private set; }

    public int ErrorCount { get; private set; }

    public int QubitCount => _qubitCount;

    /// <summary>The program addresses the device's qubits directly (<c>$n</c>) instead of declaring its own.</summary>
    public bool UsesPhysicalQubits { get; private set; }

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public IReadOnlyList<GateDefinition> DefinedGates => _definedGates;

    /// <summary>OpenQASM 3 classical variables, innermost scope last; the first is the global scope.</summary>
    public List<Dictionary<string, Variable>> Scopes { get; } = [new(StringComparer.Ordinal)];

    /// <summary>The names of the program's subroutines, which share the global namespace.</summary>
    public HashSet<string> Subroutines { get; } = new(StringComparer.Ordinal);

    /// <summary>OpenQASM 3 <c>extern</c> declarations; no backend qxm runs provides one, so calls are refused by name.</summary>
    public HashSet<string> Externs { get; } = new(StringComparer.Ordinal);

    /// <summary>Above zero while reading code that will not run (an untaken branch, a subroutine's definition):
    /// it is checked, but emits nothing.</summary>
    public int Suppressed { get; set; }

    /// <summary>Loop iterations and subroutine calls unrolled so far, bounded by <see cref="ExpansionLimits.MaxLoopIterations"/>.</summary>
    public long Unrolled { get; private set; }

    /// <summary>True while operations go into a block (a branch or box) instead of the circuit.</summary>
    public bool InBlock => _blocks.Count > 0;

    public void SetVersion(int version)
    {
        Version = version;
        _gates["U"] = GateDefinition.U;
        if (version >= 3)
        {
            _gates["gphase"] = GateDefinition.GPhase;
        }

        if (version == 2 || IsLibrary)
        {
            _gates["CX"] = GateDefinition.CX;
        }
    }

    public void Report(string rule, string message, SourceSpan span)
    {
        _diagnostics.Add(new Diagnostic(rule, message, File, span.Line, span.Column));
        ErrorCount++;
    }

    public void Report(Diagnostic diagnostic)
    {
        _diagnostics.Add(diagnostic);
        ErrorCount++;
    }

    /// <summary>Pays for <paramref name="count"/> operations before they are produced; false (after reporting, once)
    /// when the program would pass <see cref="ExpansionLimits.MaxOperations"/>.</summary>
    /// <param name="what">Names what is charged, in the diagnostic; a gate call passes <paramref name="gate"/> instead,
    /// so that its message is only made when it is needed.</param>
    public bool Charge(long count, SourceSpan span, string what, string? gate = null, int width = 1)
    {
        if (count <= Limits.MaxOperations - Operations)
        {
            Operations += count;
            return true;
        }

        if (Operations <= Limits.MaxOperations)
        {
            if (gate is not null)
            {
                what = width == 1 ? $"this call of gate '{gate}'" : $"this call of gate '{gate}' on {width} qubits each";
            }

            Report(DiagnosticRules.ExpansionLimit, string.Create(CultureInfo.InvariantCulture,
                $"{what} expands to {ExpansionCost.Describe(count)} operations, which takes the program past its limit of {Limits.MaxOperations:N0} operations"),
                span);

            // Marks the budget as spent, so that the one mistake gives one diagnostic.
            Operations = Limits.MaxOperations + 1;
        }

        return false;
    }

    /// <summary>Pays for one loop iteration or subroutine call; false when the program has used up
    /// <see cref="ExpansionLimits.MaxLoopIterations"/>, reported at the first step past it only.</summary>
    public bool TryUnroll(string file, SourceSpan span)
    {
        if (++Unrolled <= Limits.MaxLoopIterations)
        {
            return true;
        }

        if (Unrolled == Limits.MaxLoopIterations + 1)
        {
            Report(new Diagnostic(DiagnosticRules.LoopLimit, string.Create(CultureInfo.InvariantCulture,
                $"loops and calls unroll to more than {Limits.MaxLoopIterations:N0} steps; the program is too long to run"),
                file, span.Line, span.Column));
        }

        // Stays past the limit, so every later step is refused without another diagnostic.
        Unrolled = Limits.MaxLoopIterations + 2;
        return false;
    }

    /// <summary>Keeps a pragma or annotation, placed before the next top-level operation.</summary>
    public void AddDirective(DirectiveKind kind, string text, SourceSpan span)
    {
        if (Suppressed == 0 && Charge(1, span, "this directive"))
        {
            _directives.Add(new Directive(kind, text, _operations.Count, span));
        }
    }

    /// <summary>Records an include; false when the file was included before (directly or in a cycle).</summary>
    public bool MarkIncluded(string name) => _included.Add(name);

    public void DeclareRegister(bool quantum, string name, SourceSpan nameSpan, long size, SourceSpan sizeSpan)
    {
        if (IsNameDeclared(name))
        {
            Report(DiagnosticRules.Redefinition, $"'{name}' is already declared", nameSpan);
            return;
        }

        if (quantum && UsesPhysicalQubits)
        {
            Report(DiagnosticRules.Unsupported,
                $"declaring qubit register '{name}' in a program that uses physical qubits ($n): use either physical or declared qubits", nameSpan);
            return;
        }

        // Registers, gates and opaque gates share one namespace.
        if (_gates.ContainsKey(name))
        {
            Report(DiagnosticRules.Redefinition, $"'{name}' is already defined as a gate", nameSpan);
            return;
        }

        if (size < 1)
        {
            Report(DiagnosticRules.Syntax, $"a register needs at least one {(quantum ? "qubit" : "bit")} but the size is {size}", sizeSpan);
            return;
        }

        var offset = quantum ? _qubitCount : _clbitCount;
        if (size > MaxBits - offset)
        {
            Report(DiagnosticRules.Unsupported, $"programs with more than {MaxBits} {(quantum ? "qubits" : "bits")} are not supported", sizeSpan);
            return;
        }

        var register = new Register(name, (int)size, offset) { Span = nameSpan };
        if (quantum)
        {
            _quantum.Add(name, register);
            _quantumInOrder.Add(register);
            _qubitCount += register.Size;
        }
        else
        {
            _classical.Add(name, register);
            _classicalInOrder.Add(register);
            _clbitCount += register.Size;
        }
    }

    public void DeclareInput(string name, SourceSpan span)
    {
        if (IsNameDeclared(name))
        {
            Report(DiagnosticRules.Redefinition, $"'{name}' is already declared", span);
            return;
        }

        _inputs.Add(name);
        _inputSet.Add(name);
    }

    public bool IsInput(string name) => _inputSet.Contains(name);

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
            var hint = GateLibrary.TryGet(name, out _)
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

        for (var i = 0; i < width; i++)
        {
            var qubits = new int[operands.Count];
            for (var j = 0; j < qubits.Length; j++)
            {
                var (start, _, isRegister) = _resolved[j];
                qubits[j] = isRegister ? start + i : start;
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
                GateInliner.Apply(gate, parameters, ImmutableCollectionsMarshal.AsImmutableArray(qubits), span, false, _emit);
            }
            else if (ModifierLowering.Lower(gate, parameters, ImmutableCollectionsMarshal.AsImmutableArray(qubits), modifiers, span, _emit) is { } error)
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

    public void Measure(Operand qubit, Operand clbit, SourceSpan span)
    {
        if (Suppressed > 0 || !Resolve(qubit, quantum: true, out var q) || !Resolve(clbit, quantum: false, out var c))
        {
            return;
        }

        // In OpenQASM 3 a 'bit b;' or 'qubit r;' is a single bit, interchangeable with an indexed element.
        if ((q.IsRegister != c.IsRegister && (Version < 3 || q.Size != 1)) || q.Size != c.Size)
        {
            Report(DiagnosticRules.RegisterSizeMismatch,
                $"cannot measure {Describe(qubit, q.Size)} into {Describe(clbit, c.Size)}: the sizes differ", clbit.NameSpan);
            return;
        }

        if (!Charge(q.Size, span, "this measurement"))
        {
            return;
        }

        for (var i = 0; i < q.Size; i++)
        {
            Emit(new MeasureOperation(q.Start + i, c.Start + i, span));
        }
    }

    public void Reset(Operand qubit, SourceSpan span)
    {
        if (Suppressed == 0 && Resolve(qubit, quantum: true, out var q) && Charge(q.Size, span, "this reset"))
        {
            for (var i = 0; i < q.Size; i++)
            {
                Emit(new ResetOperation(q.Start + i, span));
            }
        }
    }

    /// <summary>A barrier on the given operands, or on every qubit declared so far when there are none.</summary>
    public void Barrier(List<Operand> operands, SourceSpan span)
    {
        if (Suppressed > 0 || !ResolveAll(operands) || !Charge(1, span, "this barrier"))
        {
            return;
        }

        var count = 0;
        foreach (var r in _resolved)
        {
            count += r.Size;
        }

        if (operands.Count == 0)
        {
            count = _qubitCount;
        }

        var qubits = new int[count];
        var n = 0;
        if (operands.Count == 0)
        {
            for (; n < count; n++)
            {
                qubits[n] = n;
            }
        }

        foreach (var (start, size, _) in _resolved)
        {
            for (var i = 0; i < size; i++)
            {
                qubits[n++] = start + i;
            }
        }

        Emit(new BarrierOperation(ImmutableCollectionsMarshal.AsImmutableArray(qubits), span));
    }

    /// <summary>Starts <c>if (creg == value)</c>: operations emitted until <see cref="EndCondition"/> are conditioned.</summary>
    public void BeginCondition(string register, SourceSpan registerSpan, long value, SourceSpan span)
    {
        if (!_classical.TryGetValue(register, out var creg))
        {
            ReportUndefinedRegister(register, quantum: false, registerSpan);
            return;
        }

        _condition = (creg.Offset, creg.Size, value, span);
    }

    public void EndCondition() => _condition = null;

    /// <summary>Collects the operations emitted until <see cref="EndBlock"/> instead of adding them to the circuit.</summary>
    public void BeginBlock() => _blocks.Push([]);

    public ImmutableArray<Operation> EndBlock() => [.. _blocks.Pop()];

    /// <summary>Adds an operation built by the parser (a branch, delay or box).</summary>
    public void EmitOperation(Operation operation)
    {
        if (Suppressed > 0 || Charge(1, operation.Span, "this statement"))
        {
            Emit(operation);
        }
    }

    /// <summary>The flat qubits of the operands, each register expanded in order; false after reporting a problem.</summary>
    public bool ResolveQubits(List<Operand> operands, out ImmutableArray<int> qubits)
    {
        qubits = [];
        if (!ResolveAll(operands))
        {
            return false;
        }

        var list = new List<int>();
        foreach (var (start, size, _) in _resolved)
        {
            for (var i = 0; i < size; i++)
            {
                list.Add(start + i);
            }
        }

        qubits = [.. list];
        return true;
    }

    public bool TryGetClassicalRegister(string name, out Register register) => _classical.TryGetValue(name, out register!);

    public bool TryGetQuantumRegister(string name, out Register register) => _quantum.TryGetValue(name, out register!);

    /// <summary>Names a range of qubits, for a subroutine's qubit parameter; returns what the name meant before.</summary>
    public Register? BindQubitAlias(string name, Register? register)
    {
        _quantum.Remove(name, out var previous);
        if (register is not null)
        {
            _quantum[name] = register;
        }

        return previous;
    }

    /// <summary>Names bits declared inside a block or subroutine for as long as that scope lasts; returns what the
    /// name meant before.</summary>
    public Register? BindBitAlias(string name, Register? register)
    {
        _classical.Remove(name, out var previous);
        if (register is not null)
        {
            _classical[name] = register;
        }

        return previous;
    }

    public bool IsNameDeclared(string name) =>
        IsDeclared(name) || Scopes[0].ContainsKey(name) || Subroutines.Contains(name) || Externs.Contains(name);

    public Circuit? Build() => ErrorCount > 0
        ? null
        : new Circuit(
            Version,
            _qubitCount,
            _clbitCount,
            [.. _quantumInOrder],
            [.. _classicalInOrder],
            [.. _inputs],
            [.. _operations])
        {
            UsesPhysicalQubits = UsesPhysicalQubits,
            Directives = [.. _directives],
        };

    private void Emit(Operation operation)
    {
        // Once the program is known to be wrong no circuit is built, so operations would only cost memory.
        if (ErrorCount > 0 || Suppressed > 0)
        {
            return;
        }

        if (_blocks.Count > 0)
        {
            _blocks.Peek().Add(operation);
            return;
        }

        _operations.Add(_condition is { } c ? new ConditionalOperation(c.Offset, c.Width, c.Value, operation, c.Span) : operation);
    }

    /// <summary>In code that does not run, indices may be unknown, so only the registers' names are checked;
    /// false when nothing more is to be done.</summary>
    private bool CheckNamesWhenSuppressed(List<Operand> operands)
    {
        if (Suppressed == 0)
        {
            return true;
        }

        foreach (var operand in operands)
        {
            if (!_quantum.ContainsKey(operand.Name) && !operand.Name.StartsWith('$'))
            {
                ReportUndefinedRegister(operand.Name, quantum: true, operand.NameSpan);
                break;
            }
        }

        return false;
    }

    private bool IsDeclared(string name) =>
        _quantum.ContainsKey(name) || _classical.ContainsKey(name) || _inputSet.Contains(name);

    private bool ResolveAll(List<Operand> operands)
    {
        _resolved.Clear();
        foreach (var operand in operands)
        {
            if (!Resolve(operand, quantum: true, out var r))
            {
                return false;
            }

            _resolved.Add(r);
        }

        return true;
    }

    private int BroadcastWidth(List<Operand> operands)
    {
        var width = 1;
        var first = -1;
        for (var j = 0; j < _resolved.Count; j++)
        {
            var r = _resolved[j];
            if (!r.IsRegister)
            {
                continue;
            }

            if (first < 0)
            {
                first = j;
                width = r.Size;
            }
            else if (r.Size != width)
            {
                Report(DiagnosticRules.RegisterSizeMismatch,
                    $"registers '{operands[first].Name}' (size {width}) and '{operands[j].Name}' (size {r.Size}) have different sizes",
                    operands[j].NameSpan);
                return -1;
            }
        }

        return width;
    }

    private bool Resolve(Operand operand, bool quantum, out (int Start, int Size, bool IsRegister) resolved)
    {
        resolved = default;
        if (quantum && operand.Name.StartsWith('$'))
        {
            return ResolvePhysical(operand, out resolved);
        }

        if (!(quantum ? _quantum : _classical).TryGetValue(operand.Name, out var register))
        {
            ReportUndefinedRegister(operand.Name, quantum, operand.NameSpan);
            return false;
        }

        if (!operand.HasIndex)
        {
            resolved = (register.Offset, register.Size, true);
            return true;
        }

        var index = operand.Index < 0 && Version >= 3 ? operand.Index + register.Size : operand.Index;
        if (index < 0 || index >= register.Size)
        {
            Report(DiagnosticRules.IndexOutOfRange,
                $"index {operand.Index} is out of range for register '{operand.Name}' of size {register.Size}", operand.IndexSpan);
            return false;
        }

        if (operand.SliceLength > 0)
        {
            var last = index + operand.SliceLength - 1;
            if (last >= register.Size)
            {
                Report(DiagnosticRules.IndexOutOfRange,
                    $"slice [{index}:{last}] is out of range for register '{operand.Name}' of size {register.Size}", operand.IndexSpan);
                return false;
            }

            resolved = (register.Offset + (int)index, operand.SliceLength, true);
            return true;
        }

        resolved = (register.Offset + (int)index, 1, false);
        return true;
    }

    /// <summary>A physical qubit <c>$n</c> is the device's qubit n, so it is circuit qubit n: the circuit grows to
    /// reach it. Declared qubits would be placed by the compiler instead, so the two kinds do not mix.</summary>
    private bool ResolvePhysical(Operand operand, out (int Start, int Size, bool IsRegister) resolved)
    {
        resolved = default;
        if (_quantumInOrder.Count > 0)
        {
            Report(DiagnosticRules.Unsupported,
                $"physical qubit '{operand.Name}' in a program that declares qubits ('{_quantumInOrder[0].Name}'): use either physical or declared qubits",
                operand.NameSpan);
            return false;
        }

        if (!long.TryParse(operand.Name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= MaxBits)
        {
            Report(DiagnosticRules.Unsupported, $"physical qubit '{operand.Name}' is past the largest supported index {MaxBits - 1}", operand.NameSpan);
            return false;
        }

        UsesPhysicalQubits = true;
        _qubitCount = Math.Max(_qubitCount, (int)index + 1);
        resolved = ((int)index, 1, false);
        return true;
    }

    private void ReportUndefinedRegister(string name, bool quantum, SourceSpan span)
    {
        var message = (quantum ? _classical : _quantum).ContainsKey(name)
            ? $"'{name}' is a {(quantum ? "classical" : "quantum")} register, but a {(quantum ? "quantum" : "classical")} one is needed here"
            : $"{(quantum ? "quantum" : "classical")} register '{name}' is not declared";
        Report(DiagnosticRules.UndefinedRegister, message, span);
    }

    private static string Describe(Operand operand, int size) =>
        operand.HasIndex ? $"{operand.Name}[{operand.Index}]" : $"'{operand.Name}' (size {size})";

    internal static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Given(int n) => n == 1 ? "1 was given" : $"{n} were given";
}
