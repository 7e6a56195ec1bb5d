using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Parsing;

/// <summary>The meaning of a program as its statements are lowered: declarations, gates in scope and the flattened
/// operations, under the expansion budgets. The semantic stage's sink, shared by a program and the files it includes.</summary>
internal sealed partial class CircuitBuilder
{
    /// <summary>Bounds memory for hostile input; far above anything a simulator or device takes.</summary>
    public const int MaxBits = 1 << 24;

    private readonly List<Diagnostic> _diagnostics = [];
    private readonly Dictionary<string, Register> _quantum = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Register> _classical = new(StringComparer.Ordinal);
    private readonly List<Register> _quantumInOrder = [];

    /// <summary>Qubits declared without a size (<c>qubit f;</c>): a single qubit, repeated in a broadcast, not a register
    /// of one qubit, which a broadcast over larger registers would refuse.</summary>
    private readonly HashSet<Register> _scalarQubits = [];
    private readonly List<Register> _classicalInOrder = [];
    private readonly List<string> _inputs = [];
    private readonly HashSet<string> _inputSet = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _inputTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _inputArrays = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GateDefinition> _gates = new(StringComparer.Ordinal);
    private readonly List<GateDefinition> _definedGates = [];
    private readonly HashSet<string> _included = new(StringComparer.Ordinal);
    private readonly List<Operation> _operations = [];
    private readonly List<Directive> _directives = [];
    private readonly List<ResolvedOperand> _resolved = [];

    /// <summary>Qubits below these share their operand arrays (<see cref="Shared"/>): 4,096 singles and 64 × 64 pairs,
    /// 64 KiB of references at most.</summary>
    private const int SharedQubits = 4096;
    private const int SharedPairQubits = 64;
    private ImmutableArray<int>[]? _singleQubits;
    private ImmutableArray<int>[]? _qubitPairs;
    private int _pairSide;

    /// <summary>Constant parameter lists shared the same way, up to this many distinct ones.</summary>
    private const int SharedParameterLists = 1 << 16;
    private Dictionary<(int Count, double A, double B, double C, double D), ImmutableArray<Expr>>? _parameterLists;
    private readonly Stack<List<Operation>> _blocks = new();
    private readonly Action<Operation> _emit;
    private (int Offset, int Width, long Value, SourceSpan Span)? _condition;
    private int _qubitCount;
    private long _arrayElements;
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
    private long Unrolled { get; set; }

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

    /// <summary>Notes a call of an extern on the language check (no target): valid OpenQASM, reported as a warning, but
    /// the circuit is not built, since the extern's value is computed by a backend while a shot runs and no backend qxm
    /// runs provides one.</summary>
    public void ReportExternCall(string message, SourceSpan span) =>
        ReportNeedsBackend(new Diagnostic(DiagnosticRules.ExternUnavailable, message, File, span.Line, span.Column, Severity: DiagnosticSeverity.Warning));

    /// <summary>A warning that only a backend completes the program (an extern's value, a gate's duration): valid on the
    /// language check, but no circuit is built.</summary>
    public void ReportNeedsBackend(Diagnostic warning)
    {
        _diagnostics.Add(warning);
        NeedsBackend = true;
    }

    /// <summary>Whether the program is valid but only a backend could complete it: no circuit is built.</summary>
    public bool NeedsBackend { get; private set; }

    public void Report(Diagnostic diagnostic)
    {
        _diagnostics.Add(diagnostic);
        ErrorCount++;
    }

    /// <summary>Pays for <paramref name="count"/> operations before they are produced; false (after reporting, once)
    /// when the program would pass <see cref="ExpansionLimits.MaxOperations"/>.</summary>
    /// <param name="what">Names what is charged, in the diagnostic; a gate call passes <paramref name="gate"/> instead,
    /// so that its message is only made when it is needed.</param>
    private bool Charge(long count, SourceSpan span, string what, string? gate = null, int width = 1)
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

    /// <summary>Pays for the elements of a classical array before it is made; false (reported once) past
    /// <see cref="ExpansionLimits.MaxArrayElements"/>.</summary>
    public bool TryMakeArray(long elements, SourceSpan span)
    {
        if (elements <= Limits.MaxArrayElements - _arrayElements)
        {
            _arrayElements += elements;
            return true;
        }

        if (_arrayElements <= Limits.MaxArrayElements)
        {
            Report(DiagnosticRules.ExpansionLimit, string.Create(CultureInfo.InvariantCulture,
                $"classical arrays of the program hold more than {Limits.MaxArrayElements:N0} elements"), span);
        }

        _arrayElements = Limits.MaxArrayElements + 1;
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

    /// <summary>How many blocks are being collected: 0 at the circuit's top level.</summary>
    public int BlockDepth => _blocks.Count;

    /// <summary>Adds an operation to an enclosing block (<paramref name="depth"/> as <see cref="BlockDepth"/> was there),
    /// where it runs before the branch or loop now being collected, which is added to that block only when it ends.</summary>
    public void EmitAt(int depth, Operation operation)
    {
        if (depth >= _blocks.Count)
        {
            EmitOperation(operation);
            return;
        }

        if (Suppressed > 0 || ErrorCount > 0 || !Charge(1, operation.Span, "this statement"))
        {
            return;
        }

        if (depth == 0)
        {
            _operations.Add(operation);
        }
        else
        {
            _blocks.ElementAt(_blocks.Count - depth).Add(operation);
        }
    }

    /// <summary>Adds an operation built by the parser (a branch, delay or box).</summary>
    public void EmitOperation(Operation operation)
    {
        if (Suppressed > 0 || Charge(1, operation.Span, "this statement"))
        {
            Emit(operation);
        }
    }

    public Circuit? Build() => ErrorCount > 0 || NeedsBackend
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
            InputTypes = _inputTypes.ToImmutableDictionary(StringComparer.Ordinal),
            InputArrays = _inputArrays.ToImmutableDictionary(StringComparer.Ordinal),
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
}
