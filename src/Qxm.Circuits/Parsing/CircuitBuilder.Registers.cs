using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Parsing;

/// <summary>Registers, inputs and aliases, operands resolved to qubits and bits, and the operations on them.</summary>
internal sealed partial class CircuitBuilder
{
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

    /// <summary>An input; <paramref name="integerType"/> is its type (<c>int[8]</c>, <c>uint</c>, <c>bool</c>) when its values
    /// must be integers, null for a <c>float</c> or <c>angle</c>.</summary>
    public void DeclareInput(string name, SourceSpan span, string? integerType = null)
    {
        if (IsNameDeclared(name))
        {
            Report(DiagnosticRules.Redefinition, $"'{name}' is already declared", span);
            return;
        }

        _inputs.Add(name);
        _inputSet.Add(name);
        if (integerType is not null)
        {
            _inputTypes[name] = integerType;
        }
    }

    /// <summary>An input array: its elements are declared as inputs of their own (<see cref="DeclareInput"/>); the circuit
    /// keeps the array's declared type for the exporter.</summary>
    public void DeclareInputArray(string name, string type) => _inputArrays[name] = type;

    public bool IsInput(string name) => _inputSet.Contains(name);

    public bool IsIntegerInput(string name) => _inputTypes.ContainsKey(name);

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
            Emit(new MeasureOperation(q.At(i), c.At(i), span));
        }
    }

    public void Reset(Operand qubit, SourceSpan span)
    {
        if (Suppressed == 0 && Resolve(qubit, quantum: true, out var q) && Charge(q.Size, span, "this reset"))
        {
            for (var i = 0; i < q.Size; i++)
            {
                Emit(new ResetOperation(q.At(i), span));
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

        foreach (var r in _resolved)
        {
            for (var i = 0; i < r.Size; i++)
            {
                qubits[n++] = r.At(i);
            }
        }

        Emit(new BarrierOperation(ImmutableCollectionsMarshal.AsImmutableArray(qubits), span));
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
        foreach (var r in _resolved)
        {
            for (var i = 0; i < r.Size; i++)
            {
                list.Add(r.At(i));
            }
        }

        qubits = [.. list];
        return true;
    }

    public bool TryGetClassicalRegister(string name, out Register register) => _classical.TryGetValue(name, out register!);

    /// <summary>Marks a qubit declared without a size (<c>qubit f;</c>), so that a broadcast repeats it.</summary>
    public void MarkScalarQubit(string name)
    {
        if (_quantum.TryGetValue(name, out var register) && register.Size == 1)
        {
            _scalarQubits.Add(register);
        }
    }

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
        _quantum.ContainsKey(name) || _classical.ContainsKey(name) || _inputSet.Contains(name) || _inputArrays.ContainsKey(name);

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

    private bool Resolve(Operand operand, bool quantum, out ResolvedOperand resolved)
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
            resolved = new(register.Offset, register.Size, !(quantum && _scalarQubits.Contains(register)), register.Map);
            return true;
        }

        if (!operand.Set.IsDefault)
        {
            return ResolveSet(operand, register, out resolved);
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

            resolved = register.Map is null
                ? new(register.Offset + (int)index, operand.SliceLength, true)
                : new(0, operand.SliceLength, true, register.Map[(int)index..(int)(index + operand.SliceLength)]);
            return true;
        }

        resolved = new(register.Map is null ? register.Offset + (int)index : register.Map[(int)index], 1, false);
        return true;
    }

    /// <summary><c>r[{a, b, ...}]</c>: the elements in the order written, each checked against the register's size.</summary>
    private bool ResolveSet(Operand operand, Register register, out ResolvedOperand resolved)
    {
        resolved = default;
        var map = new int[operand.Set.Length];
        for (var i = 0; i < map.Length; i++)
        {
            var written = operand.Set[i];
            var index = written < 0 ? written + register.Size : written;
            if (index < 0 || index >= register.Size)
            {
                Report(DiagnosticRules.IndexOutOfRange,
                    $"index {written} is out of range for register '{operand.Name}' of size {register.Size}", operand.IndexSpan);
                return false;
            }

            map[i] = register.Map is null ? register.Offset + (int)index : register.Map[index];
        }

        resolved = new(0, map.Length, true, map);
        return true;
    }

    /// <summary>A physical qubit <c>$n</c> is the device's qubit n, so it is circuit qubit n: the circuit grows to
    /// reach it. Declared qubits would be placed by the compiler instead, so the two kinds do not mix.</summary>
    private bool ResolvePhysical(Operand operand, out ResolvedOperand resolved)
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
        resolved = new((int)index, 1, false);
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
        !operand.Set.IsDefault ? $"{operand.Name}[{{{string.Join(", ", operand.Set)}}}] (size {size})"
        : operand.SliceLength > 0 ? $"{operand.Name}[{operand.Index}:{operand.Index + operand.SliceLength - 1}] (size {size})"
        : operand.HasIndex ? $"{operand.Name}[{operand.Index}]" : $"'{operand.Name}' (size {size})";
}
