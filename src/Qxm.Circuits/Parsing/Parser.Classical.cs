using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Parsing;

/// <summary>OpenQASM 3 classical code. Values known before the run (constants, loop variables, arithmetic on them)
/// are computed here, so loops unroll and branches on them are decided; values that hold measurement results
/// become <see cref="Condition"/>s that the simulator decides per shot.</summary>
internal sealed partial class Parser
{
    private static readonly FrozenDictionary<string, ClassicalType> ClassicalTypes = new Dictionary<string, ClassicalType>(StringComparer.Ordinal)
    {
        ["int"] = ClassicalType.Int,
        ["uint"] = ClassicalType.Uint,
        ["float"] = ClassicalType.Float,
        ["angle"] = ClassicalType.Angle,
        ["bool"] = ClassicalType.Bool,
        ["duration"] = ClassicalType.Duration,
        ["stretch"] = ClassicalType.Stretch,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, double> DurationUnits = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["ns"] = 1, ["us"] = 1e3, ["µs"] = 1e3, ["ms"] = 1e6, ["s"] = 1e9, ["dt"] = 1,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private int _runtimeDepth;
    private int _loopDepth;
    private int _loopRuntimeDepth;
    private int _subroutineDepth;
    private LoopControl _control;
    private Value _returnValue;

    private bool Dead => _builder.Suppressed > 0;

    private ParserMark Mark() => new(_current, _next, _lexer.Save());

    private void Restore(ParserMark mark)
    {
        _current = mark.Current;
        _next = mark.Next;
        _lexer.Restore(mark.Lexer);
    }

    private Dictionary<string, Variable> Scope => _builder.Scopes[^1];

    private void PushScope() => _builder.Scopes.Add(new Dictionary<string, Variable>(StringComparer.Ordinal));

    private void PopScope() => _builder.Scopes.RemoveAt(_builder.Scopes.Count - 1);

    private Variable? Lookup(string name)
    {
        for (var i = _builder.Scopes.Count - 1; i >= 0; i--)
        {
            if (_builder.Scopes[i].TryGetValue(name, out var variable))
            {
                return variable;
            }
        }

        return null;
    }

    private bool TryParseVersion3Statement(Token start)
    {
        switch (start.Text)
        {
            case "qubit":
                ParseVersion3Declaration(quantum: true);
                return true;
            case "bit":
                ParseVersion3Declaration(quantum: false);
                return true;
            case "input":
                ParseInput();
                return true;
            case "output":
                ParseOutput();
                return true;
            case "const":
                Advance();
                ParseClassicalDeclaration(start, constant: true);
                return true;
            case "int" or "uint" or "float" or "angle" or "bool" or "duration" or "stretch" when _next.Kind is TokenKind.Identifier or TokenKind.LeftBracket:
                ParseClassicalDeclaration(start, constant: false);
                return true;
            case "if":
                ParseBranch();
                return true;
            case "else":
                throw SyntaxError("'else' without a matching 'if'", start);
            case "switch":
                ParseSwitch();
                return true;
            case "extern":
                ParseExtern();
                return true;
            case "let":
                ParseAlias();
                return true;
            case "for":
                ParseFor();
                return true;
            case "while":
                ParseWhile();
                return true;
            case "break" or "continue":
                ParseLoopControl();
                return true;
            case "return":
                ParseReturn();
                return true;
            case "def":
                ParseSubroutineDefinition();
                return true;
            case "delay":
                ParseDelay();
                return true;
            case "box":
                ParseBox();
                return true;
            case "ctrl" or "negctrl" or "inv" when _next.Kind == TokenKind.Identifier:
                throw SyntaxError($"expected '@' after the modifier '{start.Text}' but found {Describe(_next)}", _next);
            case "ctrl" or "negctrl" or "inv" or "pow" when _next.Kind is TokenKind.At or TokenKind.LeftParen:
                var modifiers = ParseModifiers();
                ParseGateCall(modifiers);
                return true;
        }

        if (_builder.Externs.Contains(start.Text!) && _next.Kind == TokenKind.LeftParen)
        {
            throw ExternCallError(start);
        }

        if (_builder.Subroutines.TryGetValue(start.Text!, out var subroutine) && _next.Kind == TokenKind.LeftParen)
        {
            Advance();
            CallSubroutine(subroutine, start);
            Expect(TokenKind.Semicolon);
            return true;
        }

        if (Lookup(start.Text!) is { } variable && _next.Kind is TokenKind.Equals or TokenKind.Punctuation)
        {
            ParseClassicalAssignment(variable);
            return true;
        }

        return false;
    }

    private void ParseBlockOrStatement()
    {
        if (_current.Kind == TokenKind.LeftBrace)
        {
            ParseBlock();
            return;
        }

        PushScope();
        try
        {
            ParseStatement();
        }
        finally
        {
            PopScope();
        }
    }

    private void ParseBlock()
    {
        var open = _current;
        Expect(TokenKind.LeftBrace);
        PushScope();
        try
        {
            while (_current.Kind is not (TokenKind.RightBrace or TokenKind.EndOfFile) && _builder.ErrorCount < MaxErrors)
            {
                try
                {
                    ParseStatement();
                }
                catch (DiagnosticException e)
                {
                    _builder.Report(e.Diagnostic);
                    SynchronizeInGateBody();
                }
            }

            if (_current.Kind == TokenKind.EndOfFile)
            {
                throw SyntaxError($"expected '}}' to close the block opened at line {open.Line} but found end of file", _current);
            }

            if (_current.Kind == TokenKind.RightBrace)
            {
                Advance();
            }
        }
        finally
        {
            PopScope();
        }
    }

    /// <summary>Reads a block or statement that will not run: checked, nothing emitted or assigned.</summary>
    private void ParseSuppressed()
    {
        _builder.Suppressed++;
        try
        {
            ParseBlockOrStatement();
        }
        finally
        {
            _builder.Suppressed--;
        }
    }

    private void ParseClassicalDeclaration(Token start, bool constant)
    {
        var typeToken = _current;
        var type = ExpectType();
        var width = 0;
        if (_current.Kind == TokenKind.LeftBracket)
        {
            Advance();
            var widthToken = _current;
            var w = ParseConstInteger("a type width");
            if (w is < 1 or > 64)
            {
                throw TypeError($"the width of type '{typeToken.Text}' must be between 1 and 64 but is {w}", widthToken);
            }

            width = (int)w;
            Expect(TokenKind.RightBracket);
        }

        var name = ExpectIdentifier("a variable name");
        var value = type == ClassicalType.Stretch ? new Value(ValueKind.Stretch, 0, double.NaN, name.Text) : Value.Int(0);
        var valueToken = _current;
        if (_current.Kind == TokenKind.Equals)
        {
            Advance();
            valueToken = _current;
            if (_current.IsIdentifier("measure"))
            {
                throw UnsupportedError($"storing a measurement in a '{typeToken.Text}' (declare a 'bit' instead)", _current);
            }

            value = Convert(ParseValue(), type, width, valueToken);
        }
        else if (constant)
        {
            throw SyntaxError($"constant '{name.Text}' needs a value ('= ...')", _current);
        }
        else
        {
            value = Convert(type == ClassicalType.Stretch ? value : DefaultValue(type), type, width, valueToken);
        }

        Expect(TokenKind.Semicolon);
        if (constant && value.Kind is ValueKind.Symbolic or ValueKind.Stretch)
        {
            throw TypeError($"constant '{name.Text}' needs a value known before the run", valueToken);
        }

        Declare(name, new Variable(name.Text!, type, width, constant, Span(start)) { RuntimeDepth = _runtimeDepth }, value);
    }

    private static Value DefaultValue(ClassicalType type) => type switch
    {
        ClassicalType.Float or ClassicalType.Angle => Value.Float(0),
        ClassicalType.Bool => Value.False,
        ClassicalType.Duration => Value.Duration(0, "ns"),
        _ => Value.Int(0),
    };

    private void Declare(Token name, Variable variable, Value value)
    {
        var text = name.Text!;
        if (Scope.ContainsKey(text) || (_builder.Scopes.Count == 1 && _builder.IsNameDeclared(text)) || _builder.TryGetGate(text, out _))
        {
            _builder.Report(DiagnosticRules.Redefinition, $"'{text}' is already declared", Span(name));
            return;
        }

        variable.Value = Dead ? Value.Unknown : value;
        Scope[text] = variable;
    }

    private ClassicalType ExpectType()
    {
        var token = _current;
        if (token.Kind == TokenKind.Identifier && ClassicalTypes.TryGetValue(token.Text!, out var type))
        {
            Advance();
            return type;
        }

        if (token.IsIdentifier("complex") || token.IsIdentifier("array"))
        {
            throw UnsupportedError($"classical type '{token.Text}'", token);
        }

        throw SyntaxError($"expected a classical type (int, uint, float, angle, bool, duration, stretch) but found {Describe(token)}", token);
    }

    private Value Convert(Value value, ClassicalType type, int width, Token at)
    {
        if (value.Kind == ValueKind.Unknown)
        {
            return value;
        }

        if (value.IsRuntime)
        {
            throw UnsupportedError($"storing measured bits in a variable of type '{Name(type)}' (read them in an 'if' condition instead)", at);
        }

        switch (type)
        {
            case ClassicalType.Int or ClassicalType.Uint when value.Kind is ValueKind.Int or ValueKind.Bool:
                var n = value.Integer;
                if (type == ClassicalType.Uint && n < 0)
                {
                    throw TypeError($"value {n} does not fit a 'uint'", at);
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
            case ClassicalType.Duration when value.Kind == ValueKind.Duration:
                return value;
            case ClassicalType.Stretch when value.Kind == ValueKind.Stretch:
                return value;
        }

        var hint = value.Kind == ValueKind.Float && type is ClassicalType.Int or ClassicalType.Uint ? $" (convert with {Name(type)}(...))" : "";
        throw TypeError($"cannot assign {value.Described} to a variable of type '{Name(type)}'{hint}", at);
    }

    private static string Name(ClassicalType type) => type.ToString().ToLowerInvariant();

    private void ParseClassicalAssignment(Variable variable)
    {
        var name = _current;
        Advance();
        var op = _current;
        var text = op.Kind == TokenKind.Equals ? "=" : Text(op);
        if (op.Kind != TokenKind.Equals && (op.Kind != TokenKind.Punctuation || text.Length < 2 || text[^1] != '=' || text is "!=" or "<=" or ">="))
        {
            throw SyntaxError($"expected an assignment ('=', '+=', ...) after '{name.Text}' but found {Describe(op)}", op);
        }

        Advance();
        var valueToken = _current;
        if (_current.IsIdentifier("measure"))
        {
            throw UnsupportedError($"storing a measurement in a '{Name(variable.Type)}' variable (declare a 'bit' instead)", _current);
        }

        var value = ParseValue();
        Expect(TokenKind.Semicolon);
        if (variable.IsConstant)
        {
            throw TypeError($"'{variable.Name}' is a constant and cannot be assigned", name);
        }

        if (Dead)
        {
            return;
        }

        if (_runtimeDepth > variable.RuntimeDepth)
        {
            throw UnsupportedError($"assigning to '{variable.Name}' inside a branch decided at run time", name);
        }

        if (text != "=")
        {
            value = Combine(text[..^1], variable.Value, value, op);
        }

        variable.Value = Convert(value, variable.Type, variable.Width, valueToken);
    }

    private void ParseOutput()
    {
        Advance();
        if (_current.IsIdentifier("bit"))
        {
            ParseVersion3Declaration(quantum: false);
            return;
        }

        ParseClassicalDeclaration(_current, constant: false);
    }

    private void ParseBranch()
    {
        var start = _current;
        Advance();
        Expect(TokenKind.LeftParen);
        var conditionToken = _current;
        var condition = ParseValue();
        Expect(TokenKind.RightParen);
        if (Dead || condition.Kind == ValueKind.Unknown)
        {
            ParseSuppressed();
            if (_current.IsIdentifier("else"))
            {
                Advance();
                ParseSuppressed();
            }

            return;
        }

        if (condition.Kind == ValueKind.Bool)
        {
            var taken = condition.Integer != 0;
            ParseTaken(taken);
            if (_current.IsIdentifier("else"))
            {
                Advance();
                ParseTaken(!taken);
            }

            return;
        }

        if (ValueOperations.AsCondition(condition) is not { } runtime)
        {
            throw TypeError($"an 'if' condition must be a bool or measured bits, not {condition.Described}", conditionToken);
        }

        _runtimeDepth++;
        try
        {
            var then = ParseRuntimeBlock();
            var otherwise = ImmutableArray<Ir.Operation>.Empty;
            if (_current.IsIdentifier("else"))
            {
                Advance();
                otherwise = ParseRuntimeBlock();
            }

            _builder.EmitOperation(new IfOperation(runtime, then, otherwise, Span(start)));
        }
        finally
        {
            _runtimeDepth--;
        }
    }

    private void ParseTaken(bool taken)
    {
        if (taken)
        {
            ParseBlockOrStatement();
        }
        else
        {
            ParseSuppressed();
        }
    }

    private ImmutableArray<Ir.Operation> ParseRuntimeBlock()
    {
        _builder.BeginBlock();
        var ended = false;
        try
        {
            ParseBlockOrStatement();
            ended = true;
            return _builder.EndBlock();
        }
        finally
        {
            if (!ended)
            {
                _builder.EndBlock();
            }
        }
    }

    private void ParseFor()
    {
        var start = _current;
        Advance();
        var type = ClassicalType.Int;
        if (_current.Kind == TokenKind.Identifier && ClassicalTypes.ContainsKey(_current.Text!) && _next.Kind is TokenKind.Identifier or TokenKind.LeftBracket)
        {
            type = ExpectType();
            if (_current.Kind == TokenKind.LeftBracket)
            {
                Advance();
                ParseConstInteger("a type width");
                Expect(TokenKind.RightBracket);
            }
        }

        var name = ExpectIdentifier("a loop variable");
        if (!_current.IsIdentifier("in"))
        {
            throw SyntaxError($"expected 'in' but found {Describe(_current)}", _current);
        }

        Advance();
        var values = ParseLoopValues();
        var body = Mark();
        if (Dead || values is null || values.Count == 0)
        {
            PushScope();
            Scope[name.Text!] = new Variable(name.Text!, type, 0, false, Span(name)) { Value = Value.Unknown, RuntimeDepth = _runtimeDepth };
            try
            {
                ParseSuppressed();
            }
            finally
            {
                PopScope();
            }

            return;
        }

        RunLoop(start, body, values.Count, i =>
        {
            PushScope();
            Scope[name.Text!] = new Variable(name.Text!, type, 0, false, Span(name)) { Value = values[i], RuntimeDepth = _runtimeDepth };
            return true;
        });
    }

    /// <summary>Runs a loop body <paramref name="count"/> times (or until <paramref name="next"/> says stop), reading it
    /// again each time. A body that reported an error stops the loop: one mistake, one diagnostic.</summary>
    private void RunLoop(Token start, ParserMark body, int count, Func<int, bool> next)
    {
        var savedRuntime = _loopRuntimeDepth;
        _loopRuntimeDepth = _runtimeDepth;
        _loopDepth++;
        try
        {
            for (var i = 0; i < count; i++)
            {
                Restore(body);
                if (!next(i))
                {
                    ParseSuppressed();
                    return;
                }

                if (!_builder.TryUnroll(_file, Span(start)))
                {
                    PopScope();
                    ParseSuppressed();
                    return;
                }

                var errors = _builder.ErrorCount;
                try
                {
                    ParseBlockOrStatement();
                }
                finally
                {
                    PopScope();
                }

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

    private List<Value>? ParseLoopValues()
    {
        var values = new List<Value>();
        if (_current.Kind == TokenKind.LeftBrace)
        {
            Advance();
            values.Add(ParseValue());
            while (_current.Kind == TokenKind.Comma)
            {
                Advance();
                values.Add(ParseValue());
            }

            Expect(TokenKind.RightBrace);
            return values.Exists(v => v.Kind == ValueKind.Unknown) ? null : values;
        }

        if (_current.Kind != TokenKind.LeftBracket)
        {
            if (_current.Kind == TokenKind.Identifier && _builder.TryGetClassicalRegister(_current.Text!, out _))
            {
                throw UnsupportedError("a 'for' loop over measured bits", _current);
            }

            throw SyntaxError($"expected a range '[a:b]' or a set '{{a, b}}' but found {Describe(_current)}", _current);
        }

        Advance();
        var first = ParseConstIntegerOrUnknown("a range start", out var known);
        Expect(TokenKind.Colon);
        var stepToken = _current;
        var second = ParseConstIntegerOrUnknown("a range end", out var known2);
        long step = 1;
        var last = second;
        if (_current.Kind == TokenKind.Colon)
        {
            Advance();
            step = second;
            last = ParseConstIntegerOrUnknown("a range end", out var known3);
            known2 &= known3;
            if (known2 && step == 0)
            {
                throw TypeError("a range step cannot be 0", stepToken);
            }
        }

        Expect(TokenKind.RightBracket);
        if (!known || !known2)
        {
            return null;
        }

        // Counted before any value is made, so a range of 10^18 costs nothing to refuse.
        var distance = step > 0 ? (Int128)last - first : (Int128)first - last;
        var count = distance < 0 ? 0 : (distance / Int128.Abs(step)) + 1;
        if (count > _builder.Limits.MaxLoopIterations)
        {
            throw new DiagnosticException(new Diagnostic(DiagnosticRules.LoopLimit, string.Create(CultureInfo.InvariantCulture,
                $"the range has more than {_builder.Limits.MaxLoopIterations:N0} values; the program is too long to run"),
                _file, stepToken.Line, stepToken.Column));
        }

        values.Capacity = (int)count;
        for (var i = 0L; i < (long)count; i++)
        {
            values.Add(Value.Int(first + (i * step)));
        }

        return values;
    }

    private void ParseWhile()
    {
        var start = _current;
        Advance();
        var condition = Mark();
        var iterations = 0;
        var savedRuntime = _loopRuntimeDepth;
        _loopRuntimeDepth = _runtimeDepth;
        _loopDepth++;
        try
        {
            while (true)
            {
                Restore(condition);
                Expect(TokenKind.LeftParen);
                var token = _current;
                var value = ParseValue();
                Expect(TokenKind.RightParen);
                if (Dead || value.Kind == ValueKind.Unknown)
                {
                    ParseSuppressed();
                    return;
                }

                if (value.IsRuntime)
                {
                    throw UnsupportedError("a 'while' loop whose condition depends on a measurement", start);
                }

                if (value.Kind != ValueKind.Bool)
                {
                    throw TypeError($"a 'while' condition must be a bool, not {value.Described}", token);
                }

                if (value.Integer == 0)
                {
                    ParseSuppressed();
                    return;
                }

                if (!_builder.TryUnroll(_file, Span(start)))
                {
                    ParseSuppressed();
                    return;
                }

                if (++iterations > _builder.Limits.MaxWhileIterations)
                {
                    _builder.Report(DiagnosticRules.LoopLimit, string.Create(CultureInfo.InvariantCulture,
                        $"the 'while' loop did not end within {_builder.Limits.MaxWhileIterations} iterations"), Span(start));
                    ParseSuppressed();
                    return;
                }

                var errors = _builder.ErrorCount;
                ParseBlockOrStatement();
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

    private void ParseLoopControl()
    {
        var start = _current;
        Advance();
        Expect(TokenKind.Semicolon);
        if (_loopDepth == 0)
        {
            throw SyntaxError($"'{start.Text}' outside a loop", start);
        }

        if (Dead)
        {
            return;
        }

        if (_runtimeDepth > _loopRuntimeDepth)
        {
            throw UnsupportedError($"'{start.Text}' inside a branch decided at run time", start);
        }

        _control = start.IsIdentifier("break") ? LoopControl.Break : LoopControl.Continue;
        _builder.Suppressed++;
    }

    private void ParseReturn()
    {
        var start = _current;
        Advance();
        var value = Value.Unknown;
        if (_current.Kind != TokenKind.Semicolon)
        {
            if (_current.IsIdentifier("measure"))
            {
                throw UnsupportedError("returning a measurement", _current);
            }

            value = ParseValue();
        }

        Expect(TokenKind.Semicolon);
        if (_subroutineDepth == 0)
        {
            throw SyntaxError("'return' outside a subroutine", start);
        }

        if (Dead)
        {
            return;
        }

        if (_runtimeDepth > 0)
        {
            throw UnsupportedError("'return' inside a branch decided at run time", start);
        }

        _returnValue = value;
        _control = LoopControl.Return;
        _builder.Suppressed++;
    }

    private Value ParseValue(int minimumPrecedence = 0)
    {
        if (++_depth > MaxExpressionDepth)
        {
            throw SyntaxError($"expression is nested more than {MaxExpressionDepth} levels deep", _current);
        }

        try
        {
            var left = ParseUnaryValue();
            while (true)
            {
                var op = _current;
                var (text, precedence) = BinaryOperator(op);
                if (text is null || precedence < minimumPrecedence)
                {
                    return left;
                }

                Advance();
                var right = ParseValue(precedence + 1);
                left = Combine(text, left, right, op);
            }
        }
        finally
        {
            _depth--;
        }
    }

    private (string? Text, int Precedence) BinaryOperator(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Plus: return ("+", 9);
            case TokenKind.Minus: return ("-", 9);
            case TokenKind.Star: return ("*", 10);
            case TokenKind.Slash: return ("/", 10);
            case TokenKind.Caret: return ("^", 4);
            case TokenKind.EqualsEquals: return ("==", 6);
            case TokenKind.Punctuation:
                var text = Text(token);
                return text switch
                {
                    "||" => (text, 1),
                    "&&" => (text, 2),
                    "|" => (text, 3),
                    "&" => (text, 5),
                    "!=" => (text, 6),
                    "<" or "<=" or ">" or ">=" => (text, 7),
                    "<<" or ">>" => (text, 8),
                    "%" => (text, 10),
                    _ => (null, 0),
                };
            default:
                return (null, 0);
        }
    }

    private Value Combine(string op, Value left, Value right, Token at)
    {
        var result = ValueOperations.Binary(op, left, right, out var error, out var unsupported);
        if (error is null)
        {
            return result;
        }

        throw unsupported ? UnsupportedError(error, at) : TypeError(error, at);
    }

    private Value ParseUnaryValue()
    {
        var token = _current;
        string? op = token.Kind switch
        {
            TokenKind.Minus => "-",
            TokenKind.Plus => "+",
            TokenKind.Punctuation when Text(token) is "!" or "~" => Text(token),
            _ => null,
        };
        if (op is null)
        {
            return ParsePowerValue();
        }

        if (++_depth > MaxExpressionDepth)
        {
            throw SyntaxError($"expression is nested more than {MaxExpressionDepth} levels deep", token);
        }

        try
        {
            Advance();
            var operand = ParseUnaryValue();
            if (op == "+")
            {
                return operand;
            }

            var result = ValueOperations.Unary(op, operand, out var error, out var unsupported);
            return error is null ? result : throw (unsupported ? UnsupportedError(error, token) : TypeError(error, token));
        }
        finally
        {
            _depth--;
        }
    }

    private Value ParsePowerValue()
    {
        var left = ParsePrimaryValue();
        var op = _current;
        if (op.Kind != TokenKind.StarStar)
        {
            return left;
        }

        Advance();
        return Combine("**", left, ParseUnaryValue(), op);
    }

    private Value ParsePrimaryValue()
    {
        var token = _current;
        switch (token.Kind)
        {
            case TokenKind.Integer:
                Advance();
                if (!long.TryParse(_source.AsSpan(token.Start, token.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
                {
                    throw SyntaxError($"integer {Text(token)} is too large", token);
                }

                return DurationSuffix(token, integer) ?? Value.Int(integer);
            case TokenKind.Real:
                Advance();
                var real = double.Parse(_source.AsSpan(token.Start, token.Length), NumberStyles.Float, CultureInfo.InvariantCulture);
                return DurationSuffix(token, real) ?? Value.Float(real);
            case TokenKind.LeftParen:
                Advance();
                var inner = ParseValue();
                Expect(TokenKind.RightParen);
                return inner;
            case TokenKind.String:
                throw UnsupportedError("a bit-string literal", token);
            case TokenKind.Identifier:
                return ParseIdentifierValue(token);
            default:
                throw SyntaxError($"expected an expression but found {Describe(token)}", token);
        }
    }

    private Value? DurationSuffix(Token number, double value)
    {
        var unit = _current;
        if (unit.Kind != TokenKind.Identifier || unit.Start != number.Start + number.Length || !DurationUnits.TryGetValue(unit.Text!, out var scale))
        {
            return null;
        }

        Advance();
        return unit.IsIdentifier("dt") ? Value.Duration(value, "dt") : Value.Duration(value * scale, "ns");
    }

    private Value ParseIdentifierValue(Token token)
    {
        var name = token.Text!;
        if (_next.Kind == TokenKind.LeftParen)
        {
            return ParseCallValue(token);
        }

        Advance();
        switch (name)
        {
            case "true":
                return Value.True;
            case "false":
                return Value.False;
            case "pi" or "π":
                return Value.Float(Math.PI);
            case "tau" or "τ":
                return Value.Float(Math.Tau);
            case "euler" or "ℇ":
                return Value.Float(Math.E);
            case "measure":
                throw UnsupportedError("'measure' inside an expression", token);
        }

        if (_gateParameters is not null && _gateParameters.TryGetValue(name, out var index))
        {
            return Value.Symbolic(new GateParameterExpr(index, name));
        }

        if (Lookup(name) is { } variable)
        {
            return variable.Value;
        }

        if (_gateParameters is null && _builder.IsInput(name))
        {
            return Value.Symbolic(new InputExpr(name));
        }

        if (_builder.TryGetClassicalRegister(name, out var register))
        {
            return ParseBitsIndex(register);
        }

        if (_builder.TryGetQuantumRegister(name, out _))
        {
            throw TypeError($"'{name}' is a qubit register, not a classical value", token);
        }

        _builder.Report(DiagnosticRules.UndefinedIdentifier, $"identifier '{name}' is not defined", Span(token));
        return Value.Unknown;
    }

    private Value ParseBitsIndex(Register register)
    {
        if (_current.Kind != TokenKind.LeftBracket)
        {
            return Value.Bits(register.Offset, register.Size);
        }

        Advance();
        var indexToken = _current;
        var value = ParseConstIntegerOrUnknown("a bit index", out var known);
        Expect(TokenKind.RightBracket);
        if (!known)
        {
            return Value.Unknown;
        }

        var index = value < 0 ? value + register.Size : value;
        if (index < 0 || index >= register.Size)
        {
            _builder.Report(DiagnosticRules.IndexOutOfRange,
                $"index {value} is out of range for register '{register.Name}' of size {register.Size}", Span(indexToken));
            return Value.Unknown;
        }

        return Value.Bits(register.Offset + (int)index, 1);
    }

    private Value ParseCallValue(Token token)
    {
        var name = token.Text!;
        if (_builder.Externs.Contains(name))
        {
            throw ExternCallError(token);
        }

        if (_builder.Subroutines.TryGetValue(name, out var subroutine))
        {
            Advance();
            return CallSubroutine(subroutine, token);
        }

        Advance();
        Advance();
        var argument = ParseValue();
        Expect(TokenKind.RightParen);
        if (ClassicalTypes.TryGetValue(name, out var type) && type is not (ClassicalType.Duration or ClassicalType.Stretch))
        {
            if (argument.Kind == ValueKind.Float && type is ClassicalType.Int or ClassicalType.Uint)
            {
                argument = Value.Int((long)Math.Truncate(argument.Real));
            }
            else if (argument.Kind == ValueKind.Float && type == ClassicalType.Bool)
            {
                argument = Value.Bool(argument.Real != 0);
            }
            else if (argument.Kind == ValueKind.Bool && type is ClassicalType.Float or ClassicalType.Angle)
            {
                argument = Value.Float(argument.Integer);
            }
            else if (argument.Kind == ValueKind.Bits && type == ClassicalType.Bool)
            {
                return Value.Runtime(ValueOperations.AsCondition(argument)!);
            }

            return Convert(argument, type, 0, token);
        }

        if (!Version3Functions.Contains(name))
        {
            _builder.Report(DiagnosticRules.UndefinedIdentifier, $"function '{name}' is not defined", Span(token));
            return Value.Unknown;
        }

        return argument.Kind switch
        {
            ValueKind.Unknown => argument,
            ValueKind.Int or ValueKind.Float or ValueKind.Symbolic => Value.Symbolic(ExpressionFolding.Call(name, ValueOperations.AsExpr(argument))),
            _ => throw (argument.IsRuntime
                ? UnsupportedError($"function '{name}' of measured bits", token)
                : TypeError($"function '{name}' takes a number, not {argument.Described}", token)),
        };
    }

    private long ParseConstInteger(string what)
    {
        var token = _current;
        var value = ParseConstIntegerOrUnknown(what, out var known);
        return known ? value : throw SyntaxError($"expected {what} known before the run", token);
    }

    /// <summary>An integer known at parse time; <paramref name="known"/> is false in code that will not run.</summary>
    private long ParseConstIntegerOrUnknown(string what, out bool known)
    {
        var token = _current;
        var value = ParseValue();
        known = value.Kind != ValueKind.Unknown;
        return value.Kind switch
        {
            ValueKind.Int => value.Integer,
            ValueKind.Unknown => 0,
            _ when value.IsRuntime => throw UnsupportedError($"{what} read from measured bits", token),
            _ => throw TypeError($"expected {what} (an integer) but found {value.Described}", token),
        };
    }

    private Expr ToExpr(Value value, Token at) => value.Kind switch
    {
        ValueKind.Int or ValueKind.Float => new ConstantExpr(value.Real),
        ValueKind.Symbolic => (Expr)value.Payload!,
        ValueKind.Unknown => new ConstantExpr(0),
        _ when value.IsRuntime => throw UnsupportedError("a gate parameter read from measured bits", at),
        _ => throw TypeError($"a gate parameter must be a number, not {value.Described}", at),
    };

    private DiagnosticException TypeError(string message, Token at) =>
        new(new Diagnostic(DiagnosticRules.Type, message, _file, at.Line, at.Column));

    /// <summary>After one iteration's body: consumes a break or continue, and says whether the loop ends (break, return,
    /// or new errors, which would only repeat on every further iteration).</summary>
    private bool LoopEnds(int errorsBefore)
    {
        if (_control is LoopControl.Break or LoopControl.Continue)
        {
            var stop = _control == LoopControl.Break;
            _control = LoopControl.None;
            _builder.Suppressed--;
            if (stop)
            {
                return true;
            }
        }

        return _control == LoopControl.Return || _builder.ErrorCount > errorsBefore;
    }
}
