using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Parsing;

/// <summary>Recursive-descent parser of one OpenQASM file. Syntax lives here; meaning is handed to the
/// shared <see cref="CircuitBuilder"/> statement by statement, so nothing is kept per statement.
/// A syntax error throws <see cref="DiagnosticException"/>, caught at the statement boundary, which then
/// skips to the next statement.</summary>
internal sealed partial class Parser
{
    private const int MaxExpressionDepth = 200;
    private const int MaxIncludeDepth = 16;
    private const int MaxErrors = 100;

    private static readonly FrozenSet<string> Version2Functions =
        FrozenSet.Create(StringComparer.Ordinal, "sin", "cos", "tan", "exp", "ln", "sqrt");

    private static readonly FrozenSet<string> Version3Functions =
        FrozenSet.Create(StringComparer.Ordinal, "sin", "cos", "tan", "exp", "ln", "log", "sqrt", "arcsin", "arccos", "arctan");

    /// <summary>OpenQASM 3 keywords this front end does not implement, with how to name them to the user.</summary>
    private static readonly FrozenDictionary<string, string> Unsupported3 = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["end"] = "'end' statement",
        ["complex"] = "classical type 'complex'",
        ["array"] = "classical type 'array'",
        ["nop"] = "'nop' instruction",
        ["cal"] = "pulse-level calibration ('cal')",
        ["defcal"] = "pulse-level calibration ('defcal')",
        ["defcalgrammar"] = "pulse-level calibration ('defcalgrammar')",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>OpenQASM 3 statements a gate body cannot hold: a gate is a unitary, so no classical control or timing.</summary>
    private static readonly FrozenSet<string> NotInGateBody3 = FrozenSet.Create(StringComparer.Ordinal,
        "for", "while", "def", "return", "break", "continue", "const", "int", "uint", "float", "angle", "bool", "duration",
        "stretch", "output", "box", "delay");

    private readonly string _source;
    private readonly string _file;
    private readonly CircuitBuilder _builder;
    private readonly Lexer _lexer;
    private readonly Dictionary<string, string> _names;
    private readonly Func<string, string?>? _includeResolver;
    private readonly int _includeDepth;
    private readonly List<Operand> _operands = [];
    private readonly List<Expr> _parameters = [];
    private Token _current;
    private Token _next;
    private Dictionary<string, int>? _gateParameters;
    private int _depth;

    public Parser(
        string source,
        string file,
        CircuitBuilder builder,
        Dictionary<string, string> names,
        Func<string, string?>? includeResolver,
        int includeDepth)
    {
        _source = source;
        _file = file;
        _builder = builder;
        _names = names;
        _includeResolver = includeResolver;
        _includeDepth = includeDepth;
        _lexer = new Lexer(source, names);
        _current = _lexer.Next();
        _next = _lexer.Next();
    }

    private int Version => _builder.Version;

    /// <summary>Parses a main program: the optional version header, then statements.</summary>
    public void ParseProgram()
    {
        if (!ParseHeader())
        {
            return;
        }

        ParseStatements();
    }

    /// <summary>Parses statements up to the end of the file (an included file has no header).</summary>
    public void ParseStatements()
    {
        var savedFile = _builder.File;
        _builder.File = _file;
        try
        {
            while (_current.Kind != TokenKind.EndOfFile && _builder.ErrorCount < MaxErrors)
            {
                try
                {
                    ParseStatement();
                }
                catch (DiagnosticException e)
                {
                    _builder.Report(e.Diagnostic);
                    Synchronize();
                }
            }
        }
        finally
        {
            _builder.File = savedFile;
        }
    }

    private bool ParseHeader()
    {
        if (!_current.IsIdentifier("OPENQASM"))
        {
            // The specification makes the version statement optional; a program without one is OpenQASM 3.
            _builder.SetVersion(3);
            return true;
        }

        Advance();
        var number = _current;
        var text = number.Kind is TokenKind.Integer or TokenKind.Real ? Text(number) : "";
        var version = text switch
        {
            "2.0" or "2" => 2,
            "3" or "3.0" or "3.1" => 3,
            _ => 0,
        };
        if (version == 0)
        {
            _builder.Report(DiagnosticRules.Version,
                number.Kind is TokenKind.Integer or TokenKind.Real
                    ? $"unsupported OpenQASM version {text}; expected 2.0 or 3.0"
                    : $"expected a version number but found {Describe(number)}",
                Span(number));
            return false;
        }

        _builder.SetVersion(version);
        Advance();
        try
        {
            Expect(TokenKind.Semicolon);
        }
        catch (DiagnosticException e)
        {
            _builder.Report(e.Diagnostic);
            Synchronize();
        }

        return true;
    }

    private void ParseStatement()
    {
        var start = _current;
        if (start.Kind != TokenKind.Identifier)
        {
            if (Version >= 3 && start.Kind is TokenKind.Hash or TokenKind.At)
            {
                ParseDirective(start);
                return;
            }

            if (Version >= 3 && start.Kind == TokenKind.LeftBrace)
            {
                ParseBlock();
                return;
            }

            throw SyntaxError($"expected a statement but found {Describe(start)}", start);
        }

        if (Version >= 3 && start.IsIdentifier("pragma"))
        {
            ParseDirective(start);
            return;
        }

        switch (start.Text)
        {
            case "include":
                ParseInclude();
                return;
            case "qreg" or "creg":
                ParseRegisterDeclaration();
                return;
            case "gate":
                ParseGateDefinition();
                return;
            case "opaque":
                ParseOpaqueDeclaration();
                return;
            case "measure":
                ParseMeasure();
                return;
            case "reset":
                Advance();
                var qubit = ParseOperand(inGateBody: false);
                Expect(TokenKind.Semicolon);
                _builder.Reset(qubit, Span(start));
                return;
            case "barrier":
                ParseBarrier();
                return;
            case "OPENQASM":
                throw SyntaxError("the 'OPENQASM' header may only appear once, at the start of the program", start);
        }

        if (Version == 2)
        {
            if (start.IsIdentifier("if"))
            {
                ParseIf();
            }
            else
            {
                ParseGateCall();
            }

            return;
        }

        if (TryParseVersion3Statement(start))
        {
            return;
        }

        if (Unsupported3.TryGetValue(start.Text!, out var construct))
        {
            throw UnsupportedError(construct, start);
        }

        if (_next.Kind is TokenKind.Equals or TokenKind.LeftBracket or TokenKind.Punctuation)
        {
            ParseAssignment();
        }
        else
        {
            ParseGateCall();
        }
    }

    private void ParseInclude()
    {
        Advance();
        var fileToken = _current;
        if (fileToken.Kind != TokenKind.String)
        {
            throw SyntaxError($"expected a file name in quotes but found {Describe(fileToken)}", fileToken);
        }

        Advance();
        Expect(TokenKind.Semicolon);
        var name = fileToken.Text!;
        var span = Span(fileToken);
        if (!_builder.MarkIncluded(name))
        {
            _builder.Report(DiagnosticRules.Redefinition, $"'{name}' is already included", span);
            return;
        }

        if (LibraryIncludes.TryGet(name, out var gates))
        {
            _builder.AddLibraryGates(name, gates);
            return;
        }

        var text = _includeResolver?.Invoke(name);
        if (text is null)
        {
            _builder.Report(DiagnosticRules.IncludeNotFound, $"include file '{name}' was not found", span);
            return;
        }

        if (_includeDepth >= MaxIncludeDepth)
        {
            _builder.Report(DiagnosticRules.Unsupported, $"includes nested more than {MaxIncludeDepth} deep are not supported", span);
            return;
        }

        new Parser(text, name, _builder, _names, _includeResolver, _includeDepth + 1).ParseStatements();
    }

    private void ParseRegisterDeclaration()
    {
        var quantum = _current.IsIdentifier("qreg");
        Advance();
        var name = ExpectIdentifier("a register name");
        Expect(TokenKind.LeftBracket);
        var sizeToken = _current;
        var size = ExpectInteger("a register size");
        Expect(TokenKind.RightBracket);
        Expect(TokenKind.Semicolon);
        _builder.DeclareRegister(quantum, name.Text!, Span(name), size, Span(sizeToken));
    }

    private void ParseVersion3Declaration(bool quantum)
    {
        var start = _current;
        if (_builder.Scopes.Count > 1 || _subroutineDepth > 0)
        {
            throw SyntaxError($"'{start.Text}' declarations are only allowed in the global scope", start);
        }

        Advance();
        long size = 1;
        var sizeToken = _current;
        if (_current.Kind == TokenKind.LeftBracket)
        {
            Advance();
            sizeToken = _current;
            size = ParseConstInteger("a register size");
            Expect(TokenKind.RightBracket);
        }

        var name = ExpectIdentifier(quantum ? "a qubit register name" : "a bit register name");
        if (_current.Kind == TokenKind.LeftBracket && sizeToken.Start == name.Start)
        {
            // The early OpenQASM 3 form 'qubit q[3];', still used in the specification's examples.
            Advance();
            sizeToken = _current;
            size = ParseConstInteger("a register size");
            Expect(TokenKind.RightBracket);
        }

        if (!quantum && _current.Kind == TokenKind.Equals)
        {
            Advance();
            var measure = _current;
            if (!measure.IsIdentifier("measure"))
            {
                throw UnsupportedError("initialising bits with a classical value (only 'measure' writes bits)", measure);
            }

            Advance();
            var qubit = ParseOperand(inGateBody: false);
            Expect(TokenKind.Semicolon);
            _builder.DeclareRegister(quantum, name.Text!, Span(name), size, Span(sizeToken));
            _builder.Measure(qubit, new Operand(name.Text!, Span(name), false, 0, default), Span(measure));
            return;
        }

        Expect(TokenKind.Semicolon);
        _builder.DeclareRegister(quantum, name.Text!, Span(name), size, Span(sizeToken));
    }

    private void ParseInput()
    {
        Advance();
        var type = ExpectIdentifier("a type");
        if (!type.IsIdentifier("float") && !type.IsIdentifier("angle"))
        {
            throw UnsupportedError($"input of type '{type.Text}'", type);
        }

        if (_current.Kind == TokenKind.LeftBracket)
        {
            Advance();
            ExpectInteger("a type width");
            Expect(TokenKind.RightBracket);
        }

        var name = ExpectIdentifier("an input name");
        Expect(TokenKind.Semicolon);
        _builder.DeclareInput(name.Text!, Span(name));
    }

    private void ParseAssignment()
    {
        var start = _current;
        var target = ParseOperand(inGateBody: false);
        if (_current.Kind != TokenKind.Equals)
        {
            throw _current.Kind == TokenKind.Punctuation
                ? UnsupportedError($"operator '{Text(_current)}'", _current)
                : SyntaxError($"expected '=' but found {Describe(_current)}", _current);
        }

        Advance();
        var measure = _current;
        if (!measure.IsIdentifier("measure"))
        {
            throw _builder.TryGetClassicalRegister(start.Text!, out _)
                ? UnsupportedError("assigning a classical value to bits (only 'measure' writes bits)", start)
                : new DiagnosticException(new Diagnostic(DiagnosticRules.UndefinedIdentifier, $"'{start.Text}' is not declared", _file, start.Line, start.Column));
        }

        Advance();
        var qubit = ParseOperand(inGateBody: false);
        Expect(TokenKind.Semicolon);
        _builder.Measure(qubit, target, Span(measure));
    }

    private void ParseMeasure()
    {
        var start = _current;
        Advance();
        var qubit = ParseOperand(inGateBody: false);
        if (Version >= 3 && _current.Kind == TokenKind.Semicolon)
        {
            throw UnsupportedError("'measure' without a target bit", start);
        }

        Expect(TokenKind.Arrow);
        var clbit = ParseOperand(inGateBody: false);
        Expect(TokenKind.Semicolon);
        _builder.Measure(qubit, clbit, Span(start));
    }

    private void ParseBarrier()
    {
        var start = _current;
        Advance();
        _operands.Clear();
        if (Version < 3 || _current.Kind != TokenKind.Semicolon)
        {
            ParseOperandList(_operands, inGateBody: false);
        }

        Expect(TokenKind.Semicolon);
        _builder.Barrier(_operands, Span(start));
    }

    private void ParseIf()
    {
        var start = _current;
        Advance();
        Expect(TokenKind.LeftParen);
        var register = ExpectIdentifier("a classical register");
        Expect(TokenKind.EqualsEquals);
        var value = ExpectInteger("an integer");
        Expect(TokenKind.RightParen);
        var body = _current;
        if (body.Kind != TokenKind.Identifier || body.IsIdentifier("barrier") || body.IsIdentifier("if")
            || body.IsIdentifier("gate") || body.IsIdentifier("opaque") || body.IsIdentifier("qreg")
            || body.IsIdentifier("creg") || body.IsIdentifier("include"))
        {
            throw SyntaxError($"expected a gate call, 'measure' or 'reset' after 'if (...)' but found {Describe(body)}", body);
        }

        _builder.BeginCondition(register.Text!, Span(register), value, Span(start));
        try
        {
            if (body.IsIdentifier("measure"))
            {
                ParseMeasure();
            }
            else if (body.IsIdentifier("reset"))
            {
                Advance();
                var qubit = ParseOperand(inGateBody: false);
                Expect(TokenKind.Semicolon);
                _builder.Reset(qubit, Span(body));
            }
            else
            {
                ParseGateCall();
            }
        }
        finally
        {
            _builder.EndCondition();
        }
    }

    private void ParseGateCall(GateModifiers? modifiers = null)
    {
        var name = ExpectIdentifier("a gate name");
        var parameters = ParseCallParameters();
        _operands.Clear();
        if (Version < 3 || _current.Kind != TokenKind.Semicolon)
        {
            ParseOperandList(_operands, inGateBody: false);
        }

        Expect(TokenKind.Semicolon);
        _builder.ApplyGate(name.Text!, Span(name), parameters, _operands, modifiers ?? GateModifiers.None);
    }

    private ImmutableArray<Expr> ParseCallParameters()
    {
        if (_current.Kind != TokenKind.LeftParen)
        {
            return [];
        }

        Advance();
        _parameters.Clear();
        if (_current.Kind != TokenKind.RightParen)
        {
            _parameters.Add(ParseParameter());
            while (_current.Kind == TokenKind.Comma)
            {
                Advance();
                _parameters.Add(ParseParameter());
            }
        }

        Expect(TokenKind.RightParen);
        return [.. _parameters];
    }

    private Expr ParseParameter()
    {
        if (Version < 3)
        {
            return ParseExpression();
        }

        var token = _current;
        return ToExpr(ParseValue(), token);
    }

    private void ParseOperandList(List<Operand> operands, bool inGateBody)
    {
        operands.Add(ParseOperand(inGateBody));
        while (_current.Kind == TokenKind.Comma)
        {
            Advance();
            operands.Add(ParseOperand(inGateBody));
        }
    }

    private Operand ParseOperand(bool inGateBody)
    {
        if (_current.Kind == TokenKind.HardwareQubit && Version >= 3)
        {
            var physical = _current;
            if (physical.Length == 1)
            {
                throw SyntaxError("expected a qubit number after '$'", physical);
            }

            if (inGateBody)
            {
                throw SyntaxError($"physical qubit '{Text(physical)}' cannot be used inside a gate body; use a qubit argument", physical);
            }

            Advance();
            return new Operand(Text(physical), Span(physical), false, 0, default);
        }

        var name = ExpectIdentifier(inGateBody ? "a qubit argument" : "a register");
        if (_current.Kind != TokenKind.LeftBracket)
        {
            return new Operand(name.Text!, Span(name), false, 0, default);
        }

        if (inGateBody)
        {
            throw SyntaxError($"qubit argument '{name.Text}' cannot be indexed inside a gate body", _current);
        }

        Advance();
        var indexToken = _current;
        if (Version >= 3)
        {
            return ParseVersion3Index(name, indexToken);
        }

        var index = ExpectInteger("an integer index");
        Expect(TokenKind.RightBracket);
        return new Operand(name.Text!, Span(name), true, index, Span(indexToken));
    }

    private Operand ParseVersion3Index(Token name, Token indexToken)
    {
        if (_current.Kind == TokenKind.LeftBrace)
        {
            _builder.Report(UnsupportedError("indexing with a set of indices", _current).Diagnostic);
            while (_current.Kind is not (TokenKind.RightBrace or TokenKind.Semicolon or TokenKind.EndOfFile))
            {
                Advance();
            }

            if (_current.Kind == TokenKind.RightBrace)
            {
                Advance();
            }

            Expect(TokenKind.RightBracket);
            return new Operand(name.Text!, Span(name), true, 0, Span(indexToken));
        }

        var index = ParseConstIntegerOrUnknown("an index", out _);
        if (_current.Kind == TokenKind.Comma)
        {
            throw UnsupportedError("multi-dimensional indexing", _current);
        }

        var sliceLength = 0;
        if (_current.Kind == TokenKind.Colon)
        {
            Advance();
            var endToken = _current;
            var end = ParseConstIntegerOrUnknown("a slice end", out _);
            if (_current.Kind == TokenKind.Colon)
            {
                var step = end;
                Advance();
                end = ParseConstIntegerOrUnknown("a slice end", out _);
                if (step != 1)
                {
                    throw UnsupportedError("a slice with a step other than 1", endToken);
                }
            }

            if (index < 0 || end < index)
            {
                throw UnsupportedError($"the slice [{index}:{end}] (slices must count upwards from a non-negative index)", indexToken);
            }

            sliceLength = (int)Math.Min(end - index + 1, CircuitBuilder.MaxBits);
        }

        Expect(TokenKind.RightBracket);
        return new Operand(name.Text!, Span(name), true, index, Span(indexToken), sliceLength);
    }

    private void ParseOpaqueDeclaration()
    {
        Advance();
        var name = ExpectIdentifier("a gate name");
        var redefined = CheckGateRedefinition(name);
        var parameters = ParseFormalParameters();
        var qubits = ParseFormalQubits(parameters);
        Expect(TokenKind.Semicolon);
        if (!redefined)
        {
            _builder.DefineGate(new GateDefinition(name.Text!, GateKind.Opaque, parameters.Count, qubits.Count, [], _file, Span(name)));
        }
    }

    private void ParseGateDefinition()
    {
        Advance();
        var name = ExpectIdentifier("a gate name");
        var errorsBefore = _builder.ErrorCount;
        var redefined = CheckGateRedefinition(name);
        var parameters = ParseFormalParameters();
        var qubits = ParseFormalQubits(parameters);
        Expect(TokenKind.LeftBrace);
        var body = ImmutableArray.CreateBuilder<GateBodyOperation>();
        _gateParameters = parameters;
        try
        {
            while (_current.Kind is not (TokenKind.RightBrace or TokenKind.EndOfFile))
            {
                try
                {
                    ParseGateBodyStatement(name.Text!, qubits, body);
                }
                catch (DiagnosticException e)
                {
                    _builder.Report(e.Diagnostic);
                    SynchronizeInGateBody();
                }
            }
        }
        finally
        {
            _gateParameters = null;
        }

        Expect(TokenKind.RightBrace);
        if (redefined)
        {
            return;
        }

        var steps = body.ToImmutable();
        string? opaque = null;
        foreach (var step in steps)
        {
            opaque ??= step.Gate?.Kind == GateKind.Opaque ? step.Gate.Name : step.Gate?.OpaqueDependency;
        }

        var kind = _builder.IsLibrary && GateLibrary.TryGet(name.Text!, out var signature)
            && signature.Parameters == parameters.Count && signature.Qubits == qubits.Count
                ? GateKind.Library
                : GateKind.Defined;
        _builder.DefineGate(new GateDefinition(name.Text!, kind, parameters.Count, qubits.Count, steps, _file, Span(name),
            opaque, _builder.ErrorCount > errorsBefore));
    }

    private bool CheckGateRedefinition(Token name)
    {
        if (_builder.TryGetGate(name.Text!, out _))
        {
            _builder.Report(DiagnosticRules.Redefinition, $"gate '{name.Text}' is already defined", Span(name));
            return true;
        }

        // Gates, opaque gates and registers share one namespace.
        if (_builder.TryGetQuantumRegister(name.Text!, out _) || _builder.TryGetClassicalRegister(name.Text!, out _))
        {
            _builder.Report(DiagnosticRules.Redefinition, $"'{name.Text}' is already declared as a register", Span(name));
            return true;
        }

        return false;
    }

    private Dictionary<string, int> ParseFormalParameters()
    {
        var parameters = new Dictionary<string, int>(StringComparer.Ordinal);
        if (_current.Kind != TokenKind.LeftParen)
        {
            return parameters;
        }

        Advance();
        if (_current.Kind != TokenKind.RightParen)
        {
            AddFormal(parameters, ExpectIdentifier("a parameter name"), "parameter");
            while (_current.Kind == TokenKind.Comma)
            {
                Advance();
                AddFormal(parameters, ExpectIdentifier("a parameter name"), "parameter");
            }
        }

        Expect(TokenKind.RightParen);
        return parameters;
    }

    /// <summary>Parameters and qubit arguments share the gate's scope, so a qubit may not take a parameter's name.</summary>
    private Dictionary<string, int> ParseFormalQubits(Dictionary<string, int> parameters)
    {
        var qubits = new Dictionary<string, int>(StringComparer.Ordinal);
        do
        {
            if (qubits.Count > 0)
            {
                Advance();
            }

            var name = ExpectIdentifier("a qubit argument name");
            if (parameters.ContainsKey(name.Text!))
            {
                _builder.Report(DiagnosticRules.Redefinition, $"qubit argument '{name.Text}' has the name of a parameter of the gate", Span(name));
                qubits.TryAdd(name.Text!, qubits.Count);
                continue;
            }

            AddFormal(qubits, name, "qubit argument");
        }
        while (_current.Kind == TokenKind.Comma);

        return qubits;
    }

    private void AddFormal(Dictionary<string, int> formals, Token name, string what)
    {
        if (!formals.TryAdd(name.Text!, formals.Count))
        {
            _builder.Report(DiagnosticRules.Redefinition, $"{what} '{name.Text}' is already declared", Span(name));
        }
    }

    private void ParseGateBodyStatement(string gateName, Dictionary<string, int> qubits, ImmutableArray<GateBodyOperation>.Builder body)
    {
        var start = _current;
        if (start.Kind != TokenKind.Identifier)
        {
            throw SyntaxError($"expected a gate call but found {Describe(start)}", start);
        }

        if (Version >= 3 && Unsupported3.TryGetValue(start.Text!, out var construct))
        {
            throw UnsupportedError(construct, start);
        }

        if (Version >= 3 && NotInGateBody3.Contains(start.Text!))
        {
            throw UnsupportedError($"'{start.Text}' inside a gate body", start);
        }

        switch (start.Text)
        {
            case "measure" or "reset" or "gate" or "opaque" or "qreg" or "creg" or "qubit" or "bit" or "include" or "if" or "input":
                throw SyntaxError($"'{start.Text}' is not allowed inside a gate body", start);
        }

        var modifiers = Version >= 3 && start.Text is "ctrl" or "negctrl" or "inv" or "pow" ? ParseModifiers() : null;
        var isBarrier = _current.IsIdentifier("barrier") && modifiers is null;
        var callee = ExpectIdentifier("a gate name");
        ImmutableArray<Expr> parameters = isBarrier ? [] : ParseCallParameters();
        _operands.Clear();
        if (Version < 3 || _current.Kind != TokenKind.Semicolon)
        {
            ParseOperandList(_operands, inGateBody: true);
        }

        Expect(TokenKind.Semicolon);

        GateDefinition? gate = null;
        if (!isBarrier)
        {
            if (!_builder.TryResolveGate(callee.Text!, Span(callee), out gate))
            {
                _builder.Report(DiagnosticRules.UndefinedGate, $"gate '{callee.Text}' is not defined", Span(callee));
                return;
            }

            var controls = modifiers?.Controls.Length ?? 0;
            if (!_builder.CheckCall(gate, Span(callee), parameters.Length, _operands.Count - controls, requireDefinition: false, controls))
            {
                return;
            }
        }

        var mapped = new int[_operands.Count];
        for (var i = 0; i < mapped.Length; i++)
        {
            var operand = _operands[i];
            if (!qubits.TryGetValue(operand.Name, out mapped[i]))
            {
                _builder.Report(DiagnosticRules.UndefinedRegister,
                    $"'{operand.Name}' is not a qubit argument of gate '{gateName}'", operand.NameSpan);
                return;
            }

            if (!isBarrier && Array.IndexOf(mapped, mapped[i], 0, i) >= 0)
            {
                _builder.Report(DiagnosticRules.DuplicateQubit,
                    $"qubit '{operand.Name}' is used twice in one call of gate '{start.Text}'", operand.NameSpan);
                return;
            }
        }

        // The modified step is tried once below, so its size is checked first: that trial costs what a call would.
        if (modifiers is { IsNone: false } && gate is not null
            && ExpansionCost.OfModifiedCall(gate, modifiers) is var cost && cost > _builder.Limits.MaxOperations)
        {
            _builder.Report(DiagnosticRules.ExpansionLimit, string.Create(CultureInfo.InvariantCulture,
                $"this modified call of gate '{gate.Name}' expands to {ExpansionCost.Describe(cost)} operations, past the limit of {_builder.Limits.MaxOperations:N0}"),
                Span(start));
            return;
        }

        if (modifiers is { IsNone: false } && gate is not null
            && ModifierLowering.Lower(gate, parameters, [.. Enumerable.Range(0, mapped.Length)], modifiers, Span(start), static _ => { }) is { } error)
        {
            _builder.Report(DiagnosticRules.Unsupported, error, Span(start));
            return;
        }

        body.Add(new GateBodyOperation(gate, parameters, [.. mapped], modifiers is { IsNone: false } ? modifiers : null));
    }

    private Expr ParseExpression()
    {
        var left = ParseTerm();
        while (_current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = _current.Kind == TokenKind.Plus ? '+' : '-';
            Advance();
            left = ExpressionFolding.Binary(op, left, ParseTerm());
        }

        return left;
    }

    private Expr ParseTerm()
    {
        var left = ParseUnary();
        while (_current.Kind is TokenKind.Star or TokenKind.Slash)
        {
            var op = _current.Kind == TokenKind.Star ? '*' : '/';
            Advance();
            left = ExpressionFolding.Binary(op, left, ParseUnary());
        }

        return left;
    }

    private Expr ParseUnary()
    {
        if (++_depth > MaxExpressionDepth)
        {
            throw SyntaxError($"expression is nested more than {MaxExpressionDepth} levels deep", _current);
        }

        try
        {
            switch (_current.Kind)
            {
                case TokenKind.Minus:
                    Advance();
                    return ExpressionFolding.Negate(ParseUnary());
                case TokenKind.Plus:
                    Advance();
                    return ParseUnary();
                default:
                    return ParsePower();
            }
        }
        finally
        {
            _depth--;
        }
    }

    private Expr ParsePower()
    {
        var operand = ParsePrimary();
        var power = _current;
        if (power.Kind == TokenKind.Caret && Version >= 3)
        {
            throw UnsupportedError("bitwise operator '^' (use '**' for powers)", power);
        }

        if ((power.Kind == TokenKind.Caret && Version == 2) || (power.Kind == TokenKind.StarStar && Version >= 3))
        {
            Advance();

            // Right-associative, and binds tighter than a unary minus on its left: -2^2 is -(2^2).
            return ExpressionFolding.Binary('^', operand, ParseUnary());
        }

        return operand;
    }

    private Expr ParsePrimary()
    {
        var token = _current;
        switch (token.Kind)
        {
            case TokenKind.Integer or TokenKind.Real:
                Advance();
                return new ConstantExpr(double.Parse(_source.AsSpan(token.Start, token.Length), NumberStyles.Float, CultureInfo.InvariantCulture));
            case TokenKind.LeftParen:
                Advance();
                var inner = ParseExpression();
                Expect(TokenKind.RightParen);
                return inner;
            case TokenKind.Identifier when _next.Kind == TokenKind.LeftParen:
                Advance();
                Advance();
                var argument = ParseExpression();
                Expect(TokenKind.RightParen);
                if ((Version == 2 ? Version2Functions : Version3Functions).Contains(token.Text!))
                {
                    return ExpressionFolding.Call(token.Text!, argument);
                }

                _builder.Report(DiagnosticRules.UndefinedIdentifier, $"function '{token.Text}' is not defined", Span(token));
                return new ConstantExpr(0);
            case TokenKind.Identifier:
                Advance();
                return ResolveIdentifier(token);
            default:
                throw SyntaxError($"expected an expression but found {Describe(token)}", token);
        }
    }

    private Expr ResolveIdentifier(Token token)
    {
        var name = token.Text!;
        if (_gateParameters is not null && _gateParameters.TryGetValue(name, out var index))
        {
            return new GateParameterExpr(index, name);
        }

        switch (name)
        {
            case "pi":
                return new ConstantExpr(Math.PI);
            case "π" when Version >= 3:
                return new ConstantExpr(Math.PI);
            case "tau" or "τ" when Version >= 3:
                return new ConstantExpr(Math.Tau);
            case "euler" or "ℇ" when Version >= 3:
                return new ConstantExpr(Math.E);
        }

        if (_gateParameters is null && _builder.IsInput(name))
        {
            return new InputExpr(name);
        }

        _builder.Report(DiagnosticRules.UndefinedIdentifier, $"identifier '{name}' is not defined", Span(token));
        return new ConstantExpr(0);
    }

    private void Advance()
    {
        _current = _next;
        if (_next.Kind != TokenKind.EndOfFile)
        {
            _next = _lexer.Next();
        }
    }

    private void Expect(TokenKind kind)
    {
        if (_current.Kind != kind)
        {
            throw SyntaxError($"expected {Describe(kind)} but found {Describe(_current)}", _current);
        }

        Advance();
    }

    private Token ExpectIdentifier(string what)
    {
        var token = _current;
        if (token.Kind != TokenKind.Identifier)
        {
            throw SyntaxError($"expected {what} but found {Describe(token)}", token);
        }

        Advance();
        return token;
    }

    private long ExpectInteger(string what)
    {
        var token = _current;
        if (token.Kind != TokenKind.Integer)
        {
            throw SyntaxError($"expected {what} but found {Describe(token)}", token);
        }

        if (!long.TryParse(_source.AsSpan(token.Start, token.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw SyntaxError($"integer {Text(token)} is too large", token);
        }

        Advance();
        return value;
    }

    /// <summary>Skips the rest of a statement that failed: to just after its ';', or after its closing
    /// '}' (and an 'else' block following it), so that one mistake yields one diagnostic.</summary>
    private void Synchronize()
    {
        var depth = 0;
        while (true)
        {
            switch (_current.Kind)
            {
                case TokenKind.EndOfFile:
                    return;
                case TokenKind.Semicolon:
                    Advance();
                    if (depth == 0)
                    {
                        return;
                    }

                    break;
                case TokenKind.LeftBrace:
                    depth++;
                    Advance();
                    break;
                case TokenKind.RightBrace:
                    Advance();
                    if (depth <= 1)
                    {
                        if (depth == 1 && _current.IsIdentifier("else"))
                        {
                            depth = 0;
                            break;
                        }

                        return;
                    }

                    depth--;
                    break;
                default:
                    Advance();
                    break;
            }
        }
    }

    /// <summary>Skips to the next statement of a gate body, stopping before the body's closing '}'.</summary>
    private void SynchronizeInGateBody()
    {
        var depth = 0;
        while (_current.Kind != TokenKind.EndOfFile)
        {
            switch (_current.Kind)
            {
                case TokenKind.Semicolon when depth == 0:
                    Advance();
                    return;
                case TokenKind.LeftBrace:
                    depth++;
                    break;
                case TokenKind.RightBrace when depth == 0:
                    return;
                case TokenKind.RightBrace:
                    depth--;
                    break;
            }

            Advance();
        }
    }

    /// <summary>Pragmas and annotations run to the end of their line; they are kept as written.</summary>
    private void ParseDirective(Token start)
    {
        var end = _source.IndexOf('\n', start.Start);
        var text = _source[start.Start..(end < 0 ? _source.Length : end)].TrimEnd('\r', ' ', '\t');
        var pragma = start.Kind != TokenKind.At;
        if (start.Kind == TokenKind.Hash && !text.StartsWith("#pragma", StringComparison.Ordinal))
        {
            throw SyntaxError("expected 'pragma' after '#'", start);
        }

        if (pragma)
        {
            text = text[(start.Kind == TokenKind.Hash ? "#pragma".Length : "pragma".Length)..].Trim();
        }

        _builder.AddDirective(pragma ? DirectiveKind.Pragma : DirectiveKind.Annotation, text, Span(start));
        while (_current.Kind != TokenKind.EndOfFile && _current.Line == start.Line)
        {
            Advance();
        }
    }

    private DiagnosticException SyntaxError(string message, Token at) =>
        new(new Diagnostic(DiagnosticRules.Syntax, message, _file, at.Line, at.Column));

    private DiagnosticException UnsupportedError(string construct, Token at) =>
        new(new Diagnostic(DiagnosticRules.Unsupported, $"{construct} is not supported", _file, at.Line, at.Column));

    private static SourceSpan Span(Token token) => new(token.Line, token.Column);

    private string Text(Token token) => _source.Substring(token.Start, token.Length);

    private string Describe(Token token) => token.Kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.UnterminatedString => "an unterminated string",
        TokenKind.UnterminatedComment => "an unterminated comment",
        _ when token.Length > 40 => $"'{_source.AsSpan(token.Start, 37)}...'",
        _ => $"'{Text(token)}'",
    };

    private static string Describe(TokenKind kind) => kind switch
    {
        TokenKind.LeftParen => "'('",
        TokenKind.RightParen => "')'",
        TokenKind.LeftBracket => "'['",
        TokenKind.RightBracket => "']'",
        TokenKind.LeftBrace => "'{'",
        TokenKind.RightBrace => "'}'",
        TokenKind.Semicolon => "';'",
        TokenKind.Comma => "','",
        TokenKind.Arrow => "'->'",
        TokenKind.Equals => "'='",
        TokenKind.EqualsEquals => "'=='",
        TokenKind.At => "'@'",
        TokenKind.Colon => "':'",
        _ => kind.ToString(),
    };
}
