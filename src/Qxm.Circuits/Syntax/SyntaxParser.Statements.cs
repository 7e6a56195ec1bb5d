using System.Collections.Immutable;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Syntax;

/// <summary>Statements: declarations, definitions, quantum instructions and control flow.</summary>
internal sealed partial class SyntaxParser
{
    private StatementSyntax ParseStatement()
    {
        Enter();
        try
        {
            return ParseStatementCore();
        }
        finally
        {
            Leave();
        }
    }

    private StatementSyntax ParseStatementCore()
    {
        var start = _current;
        switch (start.Kind)
        {
            case TokenKind.Hash or TokenKind.At when _version >= 3:
                return ParseDirective(start);
            case TokenKind.LeftBrace when _version >= 3:
                return ParseBlock();
            case TokenKind.Identifier:
                break;
            case TokenKind.HardwareQubit or TokenKind.LeftParen:
                return ParseSimpleStatement(start);
            default:
                throw SyntaxError($"expected a statement but found {Describe(start)}", start);
        }

        var keyword = start.Text!;
        if (!IsKeyword(keyword))
        {
            return ParseSimpleStatement(start);
        }

        switch (keyword)
        {
            case "OPENQASM":
                throw SyntaxError("the 'OPENQASM' header may only appear once, at the start of the program", start);
            case "include":
                Advance();
                var file = _current;
                if (file.Kind != TokenKind.String)
                {
                    throw SyntaxError($"expected a file name in quotes but found {Describe(file)}", file);
                }

                Advance();
                Expect(TokenKind.Semicolon);
                return new IncludeSyntax(SpanFrom(start), file.Text!);
            case "qreg" or "qubit":
                return ParseQubitDeclaration(start);
            case "creg":
                return ParseOldStyleBits(start);
            case "gate" or "opaque":
                return ParseGateDefinition(start);
            case "def":
                return ParseSubroutine(start);
            case "extern":
                return ParseExtern(start);
            case "let":
                Advance();
                var alias = ExpectIdentifier("an alias name");
                Expect(TokenKind.Equals);
                var value = ParseExpression();
                Expect(TokenKind.Semicolon);
                return new AliasSyntax(SpanFrom(start), alias, value);
            case "const":
                Advance();
                return ParseClassicalDeclaration(start, DeclarationModifier.Const);
            case "input":
                Advance();
                return ParseClassicalDeclaration(start, DeclarationModifier.Input);
            case "output":
                Advance();
                return ParseClassicalDeclaration(start, DeclarationModifier.Output);
            case "if":
                return ParseIf(start);
            case "for":
                return ParseFor(start);
            case "while":
                Advance();
                Expect(TokenKind.LeftParen);
                var condition = ParseExpression();
                Expect(TokenKind.RightParen);
                var loopBody = ParseBody();
                return new WhileSyntax(SpanFrom(start), condition, loopBody);
            case "switch":
                return ParseSwitch(start);
            case "break" or "continue" or "end":
                Advance();
                Expect(TokenKind.Semicolon);
                return new JumpSyntax(SpanFrom(start), keyword);
            case "return":
                Advance();
                ExpressionSyntax? result = null;
                if (_current.Kind != TokenKind.Semicolon)
                {
                    result = ParseExpression();
                }

                Expect(TokenKind.Semicolon);
                return new ReturnSyntax(SpanFrom(start), result);
            case "measure":
                Advance();
                var measured = ParseOperand();
                ExpressionSyntax? target = null;
                // OpenQASM 2 has only `measure a -> b;`; a measurement without a target is OpenQASM 3's.
                if (_current.Kind == TokenKind.Arrow || _version == 2)
                {
                    Expect(TokenKind.Arrow);
                    target = ParseOperand();
                }

                Expect(TokenKind.Semicolon);
                return new MeasureArrowSyntax(SpanFrom(start), measured, target);
            case "reset":
                Advance();
                var reset = ParseOperand();
                Expect(TokenKind.Semicolon);
                return new ResetSyntax(SpanFrom(start), reset);
            case "barrier":
                Advance();
                var barrier = ParseOperandsUntilSemicolon();
                return new BarrierSyntax(SpanFrom(start), barrier);
            case "nop":
                Advance();
                var nop = ParseOperandsUntilSemicolon();
                return new NopSyntax(SpanFrom(start), nop);
            case "delay":
                Advance();
                Expect(TokenKind.LeftBracket);
                var duration = ParseExpression();
                Expect(TokenKind.RightBracket);
                var delayed = ParseOperandsUntilSemicolon();
                return new DelaySyntax(SpanFrom(start), duration, delayed);
            case "box":
                Advance();
                ExpressionSyntax? boxDuration = null;
                if (_current.Kind == TokenKind.LeftBracket)
                {
                    Advance();
                    boxDuration = ParseExpression();
                    Expect(TokenKind.RightBracket);
                }

                return new BoxSyntax(SpanFrom(start), boxDuration, ParseBlock());
            case "defcalgrammar":
                Advance();
                var grammar = _current;
                if (grammar.Kind != TokenKind.String)
                {
                    throw SyntaxError($"expected a calibration grammar name in quotes but found {Describe(grammar)}", grammar);
                }

                Advance();
                Expect(TokenKind.Semicolon);
                return new CalibrationGrammarSyntax(SpanFrom(start), grammar.Text!);
            case "cal" or "defcal":
                return ParseCalibration(start);
            case "pragma":
                return ParseDirective(start);
            case "ctrl" or "negctrl" or "inv" or "pow":
                return ParseGateCall(start, ParseModifiers(), null);
            case "else":
                throw SyntaxError("'else' without a matching 'if'", start);
            case "bit" or "int" or "uint" or "float" or "angle" or "bool" or "duration" or "stretch" or "complex" or "array"
                when _next.Kind != TokenKind.LeftParen:
                return ParseClassicalDeclaration(start, DeclarationModifier.None);
            default:
                return ParseSimpleStatement(start);
        }
    }

    /// <summary>A statement that starts with an expression: an assignment, a call used as a statement, or a gate call
    /// (the expression read so far is its name, parameters and duration).</summary>
    private StatementSyntax ParseSimpleStatement(Token start)
    {
        var head = ParsePostfix();
        if (AssignmentOperator() is { } op)
        {
            var at = SpanOf(_current);
            Advance();
            var value = ParseExpression();
            Expect(TokenKind.Semicolon);
            return new AssignmentSyntax(SpanFrom(start), head, op, value, at);
        }

        if (_version >= 3 && (_current.Kind == TokenKind.StarStar || BinaryOperator() is not null))
        {
            // An expression statement such as `a == b;` or `a << 1;`: OpenQASM 3 evaluates and discards it.
            if (_current.Kind == TokenKind.StarStar)
            {
                var power = SpanOf(_current);
                Advance();
                var exponent = ParseUnary();
                head = new BinarySyntax(Join(head.Span), "**", head, exponent, power);
            }

            var expression = ContinueBinary(head, 0);
            Expect(TokenKind.Semicolon);
            return new ExpressionStatementSyntax(SpanFrom(start), expression);
        }

        if (_current.Kind == TokenKind.Semicolon && head is not IdentifierSyntax)
        {
            Advance();
            return new ExpressionStatementSyntax(SpanFrom(start), head);
        }

        return ParseGateCall(start, [], head);
    }

    /// <summary>The operator at the current token when it is an assignment (<c>=</c> or compound), else null.</summary>
    private string? AssignmentOperator()
    {
        if (_current.Kind == TokenKind.Equals)
        {
            return "=";
        }

        if (_current.Kind != TokenKind.Punctuation || _version < 3)
        {
            return null;
        }

        var text = Text(_current);
        return text is "+=" or "-=" or "*=" or "/=" or "&=" or "|=" or "^=" or "<<=" or ">>=" or "%=" or "**=" or "~=" ? text : null;
    }

    /// <summary>A gate call; <paramref name="head"/> is what was read of it already (its name, parameters and duration)
    /// or null to read it here, after modifiers.</summary>
    private GateCallSyntax ParseGateCall(Token start, ImmutableArray<ModifierSyntax> modifiers, ExpressionSyntax? head)
    {
        head ??= ParsePostfix();
        ExpressionSyntax? duration = null;
        if (head is IndexSyntax { MoreIndices.IsEmpty: true } timed && timed.Target is IdentifierSyntax or CallSyntax)
        {
            duration = timed.Index;
            head = timed.Target;
        }

        var (name, arguments) = head switch
        {
            IdentifierSyntax identifier => (identifier, ImmutableArray<ExpressionSyntax>.Empty),
            CallSyntax call => (call.Name, call.Arguments),
            _ => throw new DiagnosticException(Located(DiagnosticRules.Syntax,
                $"expected a statement but found {DescribeAt(head.Span)}", _text, head.Span.Start)),
        };

        var qubits = ParseOperandsUntilSemicolon();
        return new GateCallSyntax(SpanFrom(start), modifiers, name, arguments, duration, qubits);
    }

    /// <summary>The text of a span for a one-line message: at most 40 characters, each run of white space (line breaks
    /// included) read as one space.</summary>
    private string DescribeAt(TextSpan span)
    {
        var text = string.Join(' ', _source.Substring(span.Start, Math.Min(span.Length, 200)).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length > 40 ? $"'{text[..37]}...'" : $"'{text}'";
    }

    private ImmutableArray<ModifierSyntax> ParseModifiers()
    {
        if (!(_current.Kind == TokenKind.Identifier && _current.Text is "ctrl" or "negctrl" or "inv" or "pow"))
        {
            return [];
        }

        var modifiers = new List<ModifierSyntax>(2);
        while (_current.Kind == TokenKind.Identifier && _current.Text is "ctrl" or "negctrl" or "inv" or "pow")
        {
            var start = _current;
            Advance();
            ExpressionSyntax? argument = null;
            if (_current.Kind == TokenKind.LeftParen)
            {
                Advance();
                argument = ParseExpression();
                Expect(TokenKind.RightParen);
            }

            if (_current.Kind != TokenKind.At)
            {
                throw SyntaxError($"expected '@' after the modifier '{start.Text}' but found {Describe(_current)}", _current);
            }

            Advance();
            modifiers.Add(new ModifierSyntax(SpanFrom(start), start.Text!, argument));
        }

        return [.. modifiers];
    }

    /// <summary>Operands up to the ';' (which is read): none, or a comma-separated list.</summary>
    private ImmutableArray<ExpressionSyntax> ParseOperandsUntilSemicolon()
    {
        var operands = RentList();
        if (_current.Kind != TokenKind.Semicolon)
        {
            operands.Add(ParseOperand());
            while (_current.Kind == TokenKind.Comma)
            {
                Advance();
                operands.Add(ParseOperand());
            }
        }

        Expect(TokenKind.Semicolon);
        return ToArrayAndReturn(operands);
    }

    /// <summary>A qubit or bit operand: a name or <c>$n</c>, indexed or sliced.</summary>
    private ExpressionSyntax ParseOperand()
    {
        var token = _current;
        if (token.Kind is not (TokenKind.Identifier or TokenKind.HardwareQubit))
        {
            throw SyntaxError($"expected a qubit or bit but found {Describe(token)}", token);
        }

        return ParsePostfix();
    }

    private IfSyntax ParseIf(Token start)
    {
        Advance();
        Expect(TokenKind.LeftParen);
        var condition = ParseExpression();
        Expect(TokenKind.RightParen);
        var then = ParseBody();
        StatementSyntax? otherwise = null;
        if (_current.IsIdentifier("else") && _version >= 3)
        {
            Advance();
            otherwise = ParseBody();
        }

        return new IfSyntax(SpanFrom(start), condition, then, otherwise);
    }

    private ForSyntax ParseFor(Token start)
    {
        Advance();
        TypeSyntax? type = null;
        if (_current.Kind == TokenKind.Identifier && TypeKeywords.Contains(_current.Text!) && !_next.IsIdentifier("in"))
        {
            type = ParseType();
        }

        var variable = ExpectIdentifier("a loop variable");
        if (!_current.IsIdentifier("in"))
        {
            throw SyntaxError($"expected 'in' but found {Describe(_current)}", _current);
        }

        Advance();
        ExpressionSyntax iterable;
        if (_current.Kind == TokenKind.LeftBracket)
        {
            var open = _current;
            Advance();
            var range = ParseRangeOrExpression();
            Expect(TokenKind.RightBracket);
            iterable = range is RangeSyntax r ? r with { Span = SpanFrom(open) } : range;
        }
        else
        {
            iterable = ParseExpression();
        }

        return new ForSyntax(SpanFrom(start), type, variable, iterable, ParseBody());
    }

    private SwitchSyntax ParseSwitch(Token start)
    {
        Advance();
        Expect(TokenKind.LeftParen);
        var subject = ParseExpression();
        Expect(TokenKind.RightParen);
        Expect(TokenKind.LeftBrace);
        var cases = ImmutableArray.CreateBuilder<CaseSyntax>();
        try
        {
            ParseCases(cases);
        }
        catch (DiagnosticException e)
        {
            // One mistake, one diagnostic: the rest of this switch is skipped, not read statement by statement.
            Report(e.Diagnostic);
            for (var depth = 1; depth > 0 && _current.Kind != TokenKind.EndOfFile; Advance())
            {
                depth += _current.Kind switch { TokenKind.LeftBrace => 1, TokenKind.RightBrace => -1, _ => 0 };
            }

            return new SwitchSyntax(SpanFrom(start), subject, cases.ToImmutable());
        }

        Expect(TokenKind.RightBrace);
        return new SwitchSyntax(SpanFrom(start), subject, cases.ToImmutable());
    }

    private void ParseCases(ImmutableArray<CaseSyntax>.Builder cases)
    {
        while (_current.Kind is not (TokenKind.RightBrace or TokenKind.EndOfFile))
        {
            var label = _current;
            var values = ImmutableArray.CreateBuilder<ExpressionSyntax>();
            if (label.IsIdentifier("case"))
            {
                Advance();
                values.Add(ParseExpression());
                while (_current.Kind == TokenKind.Comma)
                {
                    Advance();
                    values.Add(ParseExpression());
                }
            }
            else if (!label.IsIdentifier("default"))
            {
                throw SyntaxError($"expected 'case' or 'default' but found {Describe(label)}", label);
            }
            else
            {
                Advance();
            }

            if (_current.Kind != TokenKind.LeftBrace)
            {
                throw SyntaxError($"expected '{{' to open the body of '{label.Text}' but found {Describe(_current)}", _current);
            }

            cases.Add(new CaseSyntax(SpanFrom(label), values.ToImmutable(), ParseBlock()));
        }
    }

    /// <summary>The body of an <c>if</c>, <c>else</c>, <c>for</c> or <c>while</c>: a block or one statement.</summary>
    private StatementSyntax ParseBody() => _current.Kind == TokenKind.LeftBrace ? ParseBlock() : ParseStatement();

    private BlockSyntax ParseBlock()
    {
        var start = Expect(TokenKind.LeftBrace);
        Enter();
        try
        {
            var statements = _statementLists.Count > 0 ? _statementLists.Pop() : [];
            while (_current.Kind is not (TokenKind.RightBrace or TokenKind.EndOfFile) && _diagnostics.Count < MaxErrors)
            {
                try
                {
                    statements.Add(ParseStatement());
                }
                catch (DiagnosticException e)
                {
                    Report(e.Diagnostic);
                    SynchronizeInBlock();
                }
            }

            if (_current.Kind == TokenKind.EndOfFile)
            {
                throw SyntaxError($"expected '}}' to close the block opened at line {_text.Locate(start.Start).Line} but found end of file", _current);
            }

            Advance();
            return new BlockSyntax(SpanFrom(start), Drain(statements, _statementLists));
        }
        finally
        {
            Leave();
        }
    }
}
