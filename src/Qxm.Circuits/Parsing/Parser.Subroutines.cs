using System.Collections.Immutable;
using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Parsing;

/// <summary>OpenQASM 3 subroutines, gate modifiers and timing instructions.</summary>
internal sealed partial class Parser
{
    private void ParseSubroutineDefinition()
    {
        var start = _current;
        Advance();
        var name = ExpectIdentifier("a subroutine name");
        var redefined = _builder.IsNameDeclared(name.Text!) || _builder.TryGetGate(name.Text!, out _) || Lookup(name.Text!) is not null;
        if (redefined)
        {
            _builder.Report(DiagnosticRules.Redefinition, $"'{name.Text}' is already declared", Span(name));
        }

        if (_subroutineDepth > 0 || _builder.Scopes.Count > 1)
        {
            throw SyntaxError("subroutines can only be defined in the global scope", start);
        }

        Expect(TokenKind.LeftParen);
        var parameters = ImmutableArray.CreateBuilder<SubroutineParameter>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (_current.Kind != TokenKind.RightParen)
        {
            if (parameters.Count > 0)
            {
                Expect(TokenKind.Comma);
            }

            var parameter = ParseSubroutineParameter();
            if (!names.Add(parameter.Name))
            {
                throw new DiagnosticException(new Diagnostic(DiagnosticRules.Redefinition,
                    $"parameter '{parameter.Name}' is already declared", _file, _current.Line, _current.Column));
            }

            parameters.Add(parameter);
        }

        Advance();
        var returnsValue = false;
        if (_current.Kind == TokenKind.Arrow)
        {
            Advance();
            ExpectType();
            returnsValue = true;
        }

        var body = Mark();
        if (_current.Kind != TokenKind.LeftBrace)
        {
            throw SyntaxError($"expected '{{' to start the body of subroutine '{name.Text}' but found {Describe(_current)}", _current);
        }

        var definition = new SubroutineDefinition(name.Text!, parameters.ToImmutable(), returnsValue, _source, _file, body, Span(name));

        // Registered before its body is read, so that it may call itself.
        if (!redefined)
        {
            _builder.Subroutines[name.Text!] = definition;
        }

        // The body is checked once here, with unknown arguments; it runs when called.
        _builder.Suppressed++;
        _subroutineDepth++;
        PushScope();
        var aliases = new List<(string, Register?)>();
        try
        {
            foreach (var parameter in parameters)
            {
                if (parameter.Type is { } type)
                {
                    Scope[parameter.Name] = new Variable(parameter.Name, type, 0, false, Span(name)) { Value = Value.Unknown };
                }
                else
                {
                    aliases.Add((parameter.Name, _builder.BindQubitAlias(parameter.Name, new Register(parameter.Name, parameter.Size, 0))));
                }
            }

            ParseBlock();
        }
        finally
        {
            foreach (var (alias, previous) in aliases)
            {
                _builder.BindQubitAlias(alias, previous);
            }

            PopScope();
            _subroutineDepth--;
            _builder.Suppressed--;
        }
    }

    private SubroutineParameter ParseSubroutineParameter()
    {
        var typeToken = _current;
        if (typeToken.IsIdentifier("qubit"))
        {
            Advance();
            long size = 1;
            if (_current.Kind == TokenKind.LeftBracket)
            {
                Advance();
                size = ParseConstInteger("a qubit count");
                Expect(TokenKind.RightBracket);
            }

            var qubitName = ExpectIdentifier("a parameter name");
            return size is < 1 or > CircuitBuilder.MaxBits
                ? throw TypeError($"a qubit parameter needs between 1 and {CircuitBuilder.MaxBits} qubits but has {size}", typeToken)
                : new SubroutineParameter(qubitName.Text!, null, (int)size);
        }

        if (typeToken.IsIdentifier("bit") || typeToken.IsIdentifier("const") || typeToken.IsIdentifier("readonly") || typeToken.IsIdentifier("mutable"))
        {
            throw UnsupportedError($"'{typeToken.Text}' subroutine parameters", typeToken);
        }

        var type = ExpectType();
        if (_current.Kind == TokenKind.LeftBracket)
        {
            Advance();
            ParseConstInteger("a type width");
            Expect(TokenKind.RightBracket);
        }

        var name = ExpectIdentifier("a parameter name");
        return new SubroutineParameter(name.Text!, type, 0);
    }

    /// <summary>Reads the arguments of a call (the current token is its '(') and runs the body inline.</summary>
    private Value CallSubroutine(SubroutineDefinition subroutine, Token nameToken)
    {
        Expect(TokenKind.LeftParen);
        var arguments = new List<(Value Value, Register? Qubits)>();
        while (_current.Kind != TokenKind.RightParen)
        {
            if (arguments.Count > 0)
            {
                Expect(TokenKind.Comma);
            }

            var index = arguments.Count;
            var argumentToken = _current;
            if (index < subroutine.Parameters.Length && subroutine.Parameters[index].Type is null)
            {
                arguments.Add((Value.Unknown, ParseQubitArgument(subroutine, subroutine.Parameters[index], argumentToken)));
            }
            else
            {
                var value = ParseValue();
                if (index < subroutine.Parameters.Length)
                {
                    value = Convert(value, subroutine.Parameters[index].Type!.Value, 0, argumentToken);
                }

                arguments.Add((value, null));
            }
        }

        Advance();
        if (arguments.Count != subroutine.Parameters.Length)
        {
            throw new DiagnosticException(new Diagnostic(DiagnosticRules.ParameterCount,
                $"subroutine '{subroutine.Name}' takes {CircuitBuilder.Count(subroutine.Parameters.Length, "argument")} but {arguments.Count} {(arguments.Count == 1 ? "was" : "were")} given",
                _file, nameToken.Line, nameToken.Column));
        }

        if (Dead || arguments.Exists(a => a.Value.Kind == ValueKind.Unknown && a.Qubits is null))
        {
            return Value.Unknown;
        }

        if (_subroutineDepth >= _builder.Limits.MaxSubroutineDepth)
        {
            throw new DiagnosticException(new Diagnostic(DiagnosticRules.RecursionLimit, string.Create(CultureInfo.InvariantCulture,
                $"subroutine calls nested more than {_builder.Limits.MaxSubroutineDepth} deep"), _file, nameToken.Line, nameToken.Column));
        }

        if (!_builder.TryUnroll(_file, Span(nameToken)))
        {
            return Value.Unknown;
        }

        var after = Mark();
        var parser = ReferenceEquals(subroutine.Source, _source)
            ? this
            : new Parser(subroutine.Source, subroutine.File, _builder, _names, _includeResolver, _includeDepth);
        var result = parser.RunSubroutine(subroutine, arguments);
        Restore(after);
        return result;
    }

    private Register? ParseQubitArgument(SubroutineDefinition subroutine, SubroutineParameter parameter, Token at)
    {
        var operand = ParseOperand(inGateBody: false);
        if (Dead)
        {
            return null;
        }

        _operands.Clear();
        _operands.Add(operand);
        if (!_builder.ResolveQubits(_operands, out var qubits))
        {
            return null;
        }

        if (qubits.Length != parameter.Size)
        {
            throw new DiagnosticException(new Diagnostic(DiagnosticRules.QubitCount,
                $"parameter '{parameter.Name}' of subroutine '{subroutine.Name}' takes {CircuitBuilder.Count(parameter.Size, "qubit")} but {qubits.Length} {(qubits.Length == 1 ? "was" : "were")} given",
                _file, at.Line, at.Column));
        }

        for (var i = 1; i < qubits.Length; i++)
        {
            if (qubits[i] != qubits[0] + i)
            {
                throw UnsupportedError("a qubit argument whose qubits are not consecutive", at);
            }
        }

        return new Register(parameter.Name, qubits.Length, qubits[0]);
    }

    private Value RunSubroutine(SubroutineDefinition subroutine, List<(Value Value, Register? Qubits)> arguments)
    {
        // A subroutine sees the global scope and its parameters, not the caller's locals.
        var callerScopes = _builder.Scopes.GetRange(1, _builder.Scopes.Count - 1);
        _builder.Scopes.RemoveRange(1, _builder.Scopes.Count - 1);
        var savedRuntime = _runtimeDepth;
        var savedLoop = (_loopDepth, _loopRuntimeDepth);
        _loopDepth = 0;
        _subroutineDepth++;
        PushScope();
        var aliases = new List<(string, Register?)>();
        try
        {
            for (var i = 0; i < arguments.Count; i++)
            {
                var parameter = subroutine.Parameters[i];
                if (parameter.Type is { } type)
                {
                    Scope[parameter.Name] = new Variable(parameter.Name, type, 0, false, subroutine.Span) { Value = arguments[i].Value, RuntimeDepth = _runtimeDepth };
                }
                else
                {
                    aliases.Add((parameter.Name, _builder.BindQubitAlias(parameter.Name, arguments[i].Qubits)));
                }
            }

            Restore(subroutine.Body);
            _returnValue = Value.Unknown;
            ParseBlock();
            if (_control == LoopControl.Return)
            {
                _control = LoopControl.None;
                _builder.Suppressed--;
            }

            return _returnValue;
        }
        finally
        {
            foreach (var (alias, previous) in aliases)
            {
                _builder.BindQubitAlias(alias, previous);
            }

            PopScope();
            _subroutineDepth--;
            (_loopDepth, _loopRuntimeDepth) = savedLoop;
            _runtimeDepth = savedRuntime;
            _builder.Scopes.AddRange(callerScopes);
        }
    }

    private GateModifiers ParseModifiers()
    {
        var controls = ImmutableArray.CreateBuilder<bool>();
        var exponent = 1.0;
        while (_current.Kind == TokenKind.Identifier && _current.Text is "ctrl" or "negctrl" or "inv" or "pow")
        {
            var modifier = _current;
            Advance();
            switch (modifier.Text)
            {
                case "inv":
                    exponent = -exponent;
                    break;
                case "pow":
                    Expect(TokenKind.LeftParen);
                    var token = _current;
                    var power = ParseValue();
                    Expect(TokenKind.RightParen);
                    exponent *= power.Kind switch
                    {
                        ValueKind.Int or ValueKind.Float => power.Real,
                        ValueKind.Unknown => 1,
                        ValueKind.Symbolic => throw UnsupportedError("'pow' with an exponent known only when the circuit runs", token),
                        _ => throw TypeError($"'pow' takes a number, not {power.Described}", token),
                    };
                    break;
                default:
                    var count = 1L;
                    if (_current.Kind == TokenKind.LeftParen)
                    {
                        Advance();
                        var countToken = _current;
                        count = ParseConstInteger("a number of control qubits");
                        if (count is < 1 or > 64)
                        {
                            throw TypeError($"'{modifier.Text}' needs between 1 and 64 control qubits but is given {count}", countToken);
                        }

                        Expect(TokenKind.RightParen);
                    }

                    for (var i = 0; i < count; i++)
                    {
                        controls.Add(modifier.IsIdentifier("ctrl"));
                    }

                    break;
            }

            if (_current.Kind != TokenKind.At)
            {
                throw SyntaxError($"expected '@' after the modifier '{modifier.Text}' but found {Describe(_current)}", _current);
            }

            Advance();
        }

        return new GateModifiers(controls.ToImmutable(), exponent);
    }

    private void ParseDelay()
    {
        var start = _current;
        Advance();
        var (duration, unit) = ParseDurationDesignator(start, required: true);
        _operands.Clear();
        if (_current.Kind != TokenKind.Semicolon)
        {
            ParseOperandList(_operands, inGateBody: false);
        }

        Expect(TokenKind.Semicolon);
        if (Dead)
        {
            return;
        }

        ImmutableArray<int> qubits;
        if (_operands.Count == 0)
        {
            qubits = [.. Enumerable.Range(0, _builder.QubitCount)];
        }
        else if (!_builder.ResolveQubits(_operands, out qubits))
        {
            return;
        }

        _builder.EmitOperation(new DelayOperation(qubits, duration, unit, Span(start)));
    }

    private void ParseBox()
    {
        var start = _current;
        Advance();
        var (duration, unit) = _current.Kind == TokenKind.LeftBracket ? ParseDurationDesignator(start, required: true) : (double.NaN, "ns");
        _builder.BeginBlock();
        ImmutableArray<Ir.Operation> body;
        var ended = false;
        try
        {
            ParseBlock();
            body = _builder.EndBlock();
            ended = true;
        }
        finally
        {
            if (!ended)
            {
                _builder.EndBlock();
            }
        }

        _builder.EmitOperation(new BoxOperation(duration, unit, body, Span(start)));
    }

    private (double Duration, string Unit) ParseDurationDesignator(Token start, bool required)
    {
        if (_current.Kind != TokenKind.LeftBracket)
        {
            return required ? throw SyntaxError($"expected '[duration]' after '{start.Text}' but found {Describe(_current)}", _current) : (double.NaN, "ns");
        }

        Advance();
        var token = _current;
        var value = ParseValue();
        Expect(TokenKind.RightBracket);
        return value.Kind switch
        {
            ValueKind.Duration when value.Real < 0 => throw TypeError($"a duration cannot be negative ({value.Real}{value.Unit})", token),
            ValueKind.Duration => (value.Real, value.Unit),
            ValueKind.Stretch => (double.NaN, "stretch"),
            ValueKind.Unknown => (0, "ns"),
            _ => throw TypeError($"'{start.Text}' needs a duration such as 100ns, not {value.Described}", token),
        };
    }
}
