using System.Collections.Frozen;
using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Semantics;

/// <summary>Classical declarations and assignments: bit registers, inputs, and scalar variables whose values are known
/// before the run.</summary>
internal sealed partial class Lowering
{
    private static readonly FrozenDictionary<string, ClassicalType> ScalarTypes = new Dictionary<string, ClassicalType>(StringComparer.Ordinal)
    {
        ["int"] = ClassicalType.Int,
        ["uint"] = ClassicalType.Uint,
        ["float"] = ClassicalType.Float,
        ["angle"] = ClassicalType.Angle,
        ["bool"] = ClassicalType.Bool,
        ["duration"] = ClassicalType.Duration,
        ["stretch"] = ClassicalType.Stretch,
        ["complex"] = ClassicalType.Complex,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private void LowerDeclaration(ClassicalDeclarationSyntax declaration)
    {
        var type = declaration.Type;
        var name = declaration.Name;
        if (declaration.Modifier == DeclarationModifier.Input)
        {
            RequireGlobal(declaration, "input");
            if (type.IsArray)
            {
                DeclareInputArray(declaration);
                return;
            }

            builder.DeclareInput(name.Name, At(name), InputType(type));
            return;
        }

        if (type.Name == "bit")
        {
            if (version == 2)
            {
                RequireGlobal(declaration, "creg");
            }

            var (size, sizeSpan) = type.Size is null ? (1, At(name)) : (ConstInteger(type.Size, "a register size"), At(type.Size));
            var qubit = declaration.Initializer is MeasureSyntax measure ? ToOperand(measure.Operand) : (Operand?)null;
            var initial = declaration.Initializer is { } given and not MeasureSyntax ? Evaluate(given) : Value.Unknown;
            if (builder.Scopes.Count > 1 || _subroutineDepth > 0)
            {
                DeclareLocalBits(name, size, sizeSpan);
            }
            else
            {
                builder.DeclareRegister(false, name.Name, At(name), size, sizeSpan);
            }

            if (qubit is { } source)
            {
                builder.Measure(source, new Operand(name.Name, At(name), false, 0, default), At(declaration.Initializer!));
            }
            else if (declaration.Initializer is { } written && builder.Suppressed == 0 && builder.TryGetClassicalRegister(name.Name, out var bits))
            {
                WriteBits(new BitsReference(bits.Offset, bits.Size), initial, written, fresh: _runtimeDepth == 0);
            }

            return;
        }

        if (type.IsArray)
        {
            DeclareArray(declaration);
            return;
        }

        if (!ScalarTypes.TryGetValue(type.Name, out var scalar))
        {
            throw Unsupported($"classical type '{type.Name}'", type);
        }

        var width = TypeWidth(type, type.Name, 0);
        var constant = declaration.Modifier == DeclarationModifier.Const;
        Value value;
        Value? runtimeInitial = null;
        if (declaration.Initializer is MeasureSyntax measured)
        {
            throw Unsupported($"storing a measurement in {Article(type.Name)} '{type.Name}' (declare a 'bit' instead)", measured);
        }

        if (declaration.Initializer is { } initializer)
        {
            // The name is declared even when its value is refused, so its uses do not each report it as undeclared.
            try
            {
                var evaluated = Evaluate(initializer);
                if (evaluated.IsRuntime && !constant && scalar is ClassicalType.Int or ClassicalType.Uint or ClassicalType.Bool)
                {
                    // Computed while a shot runs: declared as zero, then given its value by run-time writes.
                    runtimeInitial = evaluated;
                    evaluated = scalar == ClassicalType.Bool ? Value.False : Value.Int(0);
                }

                value = Convert(evaluated, scalar, width, initializer);
            }
            catch (DiagnosticException e)
            {
                builder.Report(e.Diagnostic);
                value = Value.Unknown;
            }
        }
        else if (constant)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Syntax, $"constant '{name.Name}' needs a value ('= ...')", LastCharacter(declaration)));
        }
        else
        {
            value = scalar switch
            {
                ClassicalType.Stretch => new Value(ValueKind.Stretch, 0, double.NaN, name.Name),
                ClassicalType.Float or ClassicalType.Angle => Value.Float(0),
                ClassicalType.Bool => Value.False,
                ClassicalType.Duration => Value.Duration(0, "ns"),
                ClassicalType.Complex => Value.Complex(0),
                _ => Value.Int(0),
            };
        }

        if (constant && value.Kind is ValueKind.Symbolic or ValueKind.Stretch)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"constant '{name.Name}' needs a value known before the run", declaration.Initializer!));
        }

        var scope = builder.Scopes[^1];
        if (scope.ContainsKey(name.Name) || (builder.Scopes.Count == 1 && builder.IsNameDeclared(name.Name)) || builder.TryGetGate(name.Name, out _))
        {
            builder.Report(DiagnosticRules.Redefinition, $"'{name.Name}' is already declared", At(name));
            return;
        }

        scope[name.Name] = new Variable(name.Name, scalar, width, constant, At(declaration))
        {
            Value = builder.Suppressed > 0 ? Value.Unknown : value,
            RuntimeDepth = _runtimeDepth,
            BlockDepth = builder.BlockDepth,
        };

        if (runtimeInitial is { } computed && builder.Suppressed == 0)
        {
            AssignRuntime(scope[name.Name], "=", computed, declaration.Initializer!, declaring: true);
        }
    }

    /// <summary>Bits declared inside a block or subroutine: the circuit's bits are global, so each time the declaration
    /// runs it adds a register of its own (the local name with a number, <c>b_1</c>), and the local name refers to it
    /// until its scope ends. In code that does not run (a subroutine's definition, an untaken branch) nothing is added.</summary>
    private void DeclareLocalBits(IdentifierSyntax name, long size, SourceSpan sizeSpan)
    {
        if (builder.Scopes[^1].ContainsKey(name.Name) || builder.TryGetGate(name.Name, out _)
            || _localNames.Exists(b => b.Depth == builder.Scopes.Count && b.Name == name.Name))
        {
            builder.Report(DiagnosticRules.Redefinition, $"'{name.Name}' is already declared", At(name));
            return;
        }

        Register? register;
        if (builder.Suppressed > 0)
        {
            register = new Register(name.Name, (int)Math.Clamp(size, 1, CircuitBuilder.MaxBits), 0);
        }
        else
        {
            var unique = name.Name;
            for (var k = 1; unique == name.Name || builder.IsNameDeclared(unique) || builder.TryGetGate(unique, out _); k++)
            {
                unique = string.Create(CultureInfo.InvariantCulture, $"{name.Name}_{k}");
            }

            builder.DeclareRegister(false, unique, At(name), size, sizeSpan);
            if (!builder.TryGetClassicalRegister(unique, out register))
            {
                return;
            }
        }

        _localNames.Add((builder.Scopes.Count, name.Name, false, builder.BindBitAlias(name.Name, register)));
    }

    private void LowerAssignment(AssignmentSyntax assignment)
    {
        if (assignment.Value is MeasureSyntax measure)
        {
            if (assignment.Operator != "=")
            {
                throw new DiagnosticException(Error(DiagnosticRules.Syntax, $"a measurement is stored with '=', not '{assignment.Operator}'", assignment));
            }

            if ((assignment.Target as IdentifierSyntax ?? (assignment.Target as IndexSyntax)?.Target as IdentifierSyntax) is { } written
                && FindVariable(written.Name) is { Type: ClassicalType.Angle } angle && !TryMakeAngleBits(angle, assignment.Target))
            {
                throw Unsupported("storing a measurement in this 'angle' variable (an angle a measurement writes is a global, non-constant angle[n] with n up to 62)", measure);
            }

            if (ArrayTarget(assignment.Target) is not null)
            {
                throw Unsupported("storing a measurement in an array (declare a 'bit' register instead)", measure);
            }

            if (assignment.Target is IdentifierSyntax named && FindVariable(named.Name) is { } scalar)
            {
                throw Unsupported($"storing a measurement in {Article(scalar.Type.ToString())} '{scalar.Type.ToString().ToLowerInvariant()}' variable (declare a 'bit' instead)", measure);
            }

            builder.Measure(ToOperand(measure.Operand), ToOperand(assignment.Target), At(measure));
            return;
        }

        if (ArrayTarget(assignment.Target) is var (array, indices))
        {
            if (!TryAssignArrayElementBits(assignment, array, indices))
            {
                AssignArray(assignment, array, indices);
            }

            return;
        }

        if (assignment.Target is not IdentifierSyntax target || FindVariable(target.Name) is not { } variable)
        {
            var root = assignment.Target is IndexSyntax { Target: IdentifierSyntax indexed } ? indexed : assignment.Target as IdentifierSyntax;
            if (root is not null && builder.TryGetClassicalRegister(root.Name, out _))
            {
                AssignBits(assignment);
                return;
            }

            if (assignment.Target is IndexSyntax bitsOf && root is not null && FindVariable(root.Name) is { Type: ClassicalType.Int or ClassicalType.Uint } integer)
            {
                AssignIntegerBits(integer, bitsOf, assignment);
                return;
            }

            throw root is null
                ? Unsupported("assigning to this kind of target", assignment.Target)
                : FindVariable(root.Name) is { } declared
                ? Unsupported($"assigning to bits of {Article(Name(declared.Type))} '{Name(declared.Type)}' variable", assignment.Target)
                : new DiagnosticException(Error(DiagnosticRules.UndefinedIdentifier, $"'{root.Name}' is not declared", root));
        }

        var value = Evaluate(assignment.Value);
        if (variable.IsConstant)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"'{variable.Name}' is a constant and cannot be assigned", target));
        }

        if (builder.Suppressed > 0)
        {
            return;
        }

        if (variable.Type is ClassicalType.Int or ClassicalType.Uint or ClassicalType.Bool
            && (variable.Value.Kind == ValueKind.RuntimeInteger || value.IsRuntime || _runtimeDepth > variable.RuntimeDepth))
        {
            AssignRuntime(variable, assignment.Operator, value, assignment.Value);
            return;
        }

        if (_runtimeDepth > variable.RuntimeDepth)
        {
            throw Unsupported($"assigning to '{variable.Name}' inside a branch decided at run time", target);
        }

        if (assignment.Operator is "<<=" or ">>=" && variable.Type == ClassicalType.Angle && variable.Width is > 0 and <= 62)
        {
            variable.Value = ShiftAngle(variable, value, assignment.Operator, assignment.Value);
            return;
        }

        if (assignment.Operator != "=")
        {
            value = Checked(ValueOperations.Binary(assignment.Operator[..^1], variable.Value, value, out var error, out var unsupported), error, unsupported, assignment);
        }

        variable.Value = Convert(value, variable.Type, variable.Width, assignment.Value);
    }

    /// <summary>Bits given a value: a compound operator reads them first (<c>c[0] ^= c[1];</c>).</summary>
    private void AssignBits(AssignmentSyntax assignment)
    {
        var value = Evaluate(assignment.Value);
        if (BitsTarget(assignment.Target) is not { } target || builder.Suppressed > 0)
        {
            return;
        }

        if (assignment.Operator is "<<=" or ">>=")
        {
            ShiftBits(target, assignment.Operator, value, assignment);
            return;
        }

        if (assignment.Operator != "=")
        {
            value = ValueOperations.Binary(assignment.Operator[..^1], Value.Bits(target.Offset, target.Width), value, out var error, out var unsupported);
            if (error is not null)
            {
                throw new DiagnosticException(Error(unsupported ? DiagnosticRules.Unsupported : DiagnosticRules.Type,
                    unsupported ? $"operator '{assignment.Operator}' on {Value.Bits(0, target.Width).TypeName} is not supported" : error, assignment.OperatorSpan));
            }
        }

        WriteBits(target, value, assignment.Value, fresh: false);
    }

    /// <summary>An input's type as the circuit keeps it: null for <c>float</c> and <c>angle</c> (real numbers), the type's
    /// text for <c>int</c>, <c>uint</c> (with their widths, 1 to 64) and <c>bool</c>; any other type is refused.</summary>
    private string? InputType(TypeSyntax type)
    {
        if (type.IsArray || type.Name is not ("float" or "angle" or "int" or "uint" or "bool"))
        {
            throw Unsupported($"input of type '{type.Name}'", type);
        }

        if (type.Name is "float" or "angle")
        {
            return null;
        }

        if (type.Size is null || type.Name == "bool")
        {
            return type.Name;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{type.Name}[{TypeWidth(type, type.Name, 0)}]");
    }

    /// <summary>The width a type states (<c>int[32]</c>), known before the run and between 1 and 64; <paramref name="absent"/>
    /// when it states none. <paramref name="name"/> is the type as the diagnostic names it.</summary>
    private int TypeWidth(TypeSyntax type, string name, int absent)
    {
        if (type.Size is null)
        {
            return absent;
        }

        var width = ConstInteger(type.Size, "a type width");
        return width is >= 1 and <= 64
            ? (int)width
            : throw new DiagnosticException(Error(DiagnosticRules.Type,
                string.Create(CultureInfo.InvariantCulture, $"the width of type '{name}' must be between 1 and 64 but is {width}"), type.Size));
    }

    private Variable? FindVariable(string name)
    {
        for (var i = builder.Scopes.Count - 1; i >= 0; i--)
        {
            if (builder.Scopes[i].TryGetValue(name, out var variable))
            {
                return variable;
            }
        }

        return null;
    }

    private Value Convert(Value value, ClassicalType type, int width, SyntaxNode at)
    {
        if (value.Kind == ValueKind.Unknown)
        {
            return value;
        }

        if (value.IsRuntime)
        {
            throw Unsupported($"storing measured bits in a variable of type '{Name(type)}' (read them in an 'if' condition instead)", at);
        }

        switch (type)
        {
            case ClassicalType.Int or ClassicalType.Uint when value.Kind is ValueKind.Int or ValueKind.Bool:
                var n = value.Integer;
                if (type == ClassicalType.Uint && n < 0)
                {
                    throw new DiagnosticException(Error(DiagnosticRules.Type, $"value {n} does not fit a 'uint'", at));
                }

                if (width is > 0 and < 64)
                {
                    var mask = (1L << width) - 1;
                    n &= mask;
                    if (type == ClassicalType.Int && (n >> (width - 1)) == 1)
                    {
                        n -= 1L << width;
                    }
                }

                return Value.Int(n);
            case ClassicalType.Int or ClassicalType.Uint when value.IsIntegerSymbolic:
                return value;
            case ClassicalType.Float when value.IsNumber || value.Kind == ValueKind.Symbolic:
                return value.Kind == ValueKind.Symbolic ? value : Value.Float(value.Real);
            case ClassicalType.Angle when value.IsNumber:
                var angle = value.Real % Math.Tau;
                return Value.Float(angle < 0 ? angle + Math.Tau : angle);
            case ClassicalType.Angle when value.Kind == ValueKind.Symbolic:
                return value;
            case ClassicalType.Bool when value.Kind == ValueKind.Bool:
                return value;
            case ClassicalType.Bool when value.Kind == ValueKind.Int:
                return Value.Bool(value.Integer != 0);
            // A stretch is a kind of duration: the specification stores stretchy sums in duration variables, and the
            // delay they size becomes stretchy.
            case ClassicalType.Duration when value.Kind is ValueKind.Duration or ValueKind.Stretch:
                return value;
            case ClassicalType.Stretch when value.Kind == ValueKind.Stretch:
                return value;
            case ClassicalType.Complex when value.IsNumber || value.Kind == ValueKind.Complex:
                return Value.Complex(ComplexArithmetic.Of(value));
        }

        var hint = value.Kind == ValueKind.Float && type is ClassicalType.Int or ClassicalType.Uint ? $" (convert with {Name(type)}(...))" : "";
        throw new DiagnosticException(Error(DiagnosticRules.Type, $"cannot assign {value.Described} to a variable of type '{Name(type)}'{hint}", at));
    }

    private static string Name(ClassicalType type) => type.ToString().ToLowerInvariant();
}
