using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Parsing;

/// <summary>OpenQASM 3 <c>switch</c> statements, <c>extern</c> declarations and <c>let</c> aliases.</summary>
internal sealed partial class Parser
{
    /// <summary><c>switch (i) { case 1, 2 { ... } default { ... } }</c> on a value known before the run: the matching
    /// case runs, the others are checked only. Case values are distinct integer constants; there is one default, last.</summary>
    private void ParseSwitch()
    {
        var start = _current;
        Advance();
        Expect(TokenKind.LeftParen);
        var targetToken = _current;
        var target = ParseValue();
        Expect(TokenKind.RightParen);
        var known = !Dead && target.Kind != ValueKind.Unknown;
        if (known && target.IsRuntime)
        {
            throw UnsupportedError("a 'switch' on measured bits", start);
        }

        if (known && target.Kind != ValueKind.Int)
        {
            throw TypeError($"a 'switch' target must be an int, not {target.Described}", targetToken);
        }

        Expect(TokenKind.LeftBrace);
        try
        {
            ParseSwitchBody(known, target);
        }
        catch (DiagnosticException e)
        {
            // One mistake, one diagnostic: skip the rest of this switch, not statement by statement.
            _builder.Report(e.Diagnostic);
            for (var depth = 1; depth > 0 && _current.Kind != TokenKind.EndOfFile; Advance())
            {
                depth += _current.Kind switch { TokenKind.LeftBrace => 1, TokenKind.RightBrace => -1, _ => 0 };
            }
        }
    }

    private void ParseSwitchBody(bool known, Value target)
    {
        var taken = false;
        var hasDefault = false;
        var seen = new HashSet<long>();
        while (_current.Kind is not (TokenKind.RightBrace or TokenKind.EndOfFile))
        {
            var label = _current;
            bool matches;
            if (label.IsIdentifier("case"))
            {
                if (hasDefault)
                {
                    throw SyntaxError("'case' after 'default': the default comes last", label);
                }

                Advance();
                matches = ParseCaseValues(target, seen);
            }
            else if (label.IsIdentifier("default"))
            {
                if (hasDefault)
                {
                    throw SyntaxError("a 'switch' has at most one 'default'", label);
                }

                hasDefault = true;
                Advance();
                matches = true;
            }
            else
            {
                throw SyntaxError($"expected 'case' or 'default' but found {Describe(label)}", label);
            }

            if (_current.Kind != TokenKind.LeftBrace)
            {
                throw SyntaxError($"expected '{{' to open the body of '{label.Text}' but found {Describe(_current)}", _current);
            }

            var run = known && matches && !taken;
            taken |= run;
            ParseTaken(run);
        }

        Expect(TokenKind.RightBrace);
    }

    private bool ParseCaseValues(Value target, HashSet<long> seen)
    {
        var matches = false;
        while (true)
        {
            var token = _current;
            var value = ParseValue();
            if (value.Kind != ValueKind.Unknown)
            {
                if (value.Kind != ValueKind.Int)
                {
                    throw TypeError($"a 'case' value must be an integer constant, not {value.Described}", token);
                }

                if (!seen.Add(value.Integer))
                {
                    throw TypeError($"the case value {value.Integer} appears twice in this 'switch'", token);
                }

                matches |= target.Kind == ValueKind.Int && value.Integer == target.Integer;
            }

            if (_current.Kind != TokenKind.Comma)
            {
                return matches;
            }

            Advance();
        }
    }

    /// <summary><c>extern f(int[32], float) -> bit;</c>: declared, so programs that declare externs they never call
    /// still run; the signature is read but not kept, since no backend qxm runs provides an extern.</summary>
    private void ParseExtern()
    {
        var start = _current;
        if (_builder.Scopes.Count > 1 || _subroutineDepth > 0)
        {
            throw SyntaxError("'extern' declarations are only allowed in the global scope", start);
        }

        Advance();
        var name = ExpectIdentifier("an extern name");
        if (_builder.IsNameDeclared(name.Text!) || _builder.TryGetGate(name.Text!, out _))
        {
            throw new DiagnosticException(new Diagnostic(DiagnosticRules.Redefinition, $"'{name.Text}' is already declared", _file, name.Line, name.Column));
        }

        var open = _current;
        Expect(TokenKind.LeftParen);
        for (var depth = 1; depth > 0; Advance())
        {
            depth += _current.Kind switch
            {
                TokenKind.LeftParen => 1,
                TokenKind.RightParen => -1,
                TokenKind.Semicolon or TokenKind.EndOfFile => throw SyntaxError($"expected ')' to close the parameters opened at column {open.Column} but found {Describe(_current)}", _current),
                _ => 0,
            };
        }

        if (_current.Kind == TokenKind.Arrow)
        {
            Advance();
            if (_current.IsIdentifier("bit"))
            {
                Advance();
            }
            else
            {
                ExpectType();
            }

            if (_current.Kind == TokenKind.LeftBracket)
            {
                Advance();
                ParseValue();
                Expect(TokenKind.RightBracket);
            }
        }

        Expect(TokenKind.Semicolon);
        _builder.Externs.Add(name.Text!);
    }

    /// <summary><c>let a = q[1:2] ++ r;</c>: a new name for qubits of declared registers, sliced and concatenated.
    /// The circuit's qubits are numbered register by register, so an alias is a range of them; one that is not
    /// (q[0] ++ q[2]) is refused, as are aliases of bits and aliases outside the global scope.</summary>
    private void ParseAlias()
    {
        var start = _current;
        if (_builder.Scopes.Count > 1 || _subroutineDepth > 0)
        {
            throw UnsupportedError("an alias ('let') inside a block or subroutine", start);
        }

        Advance();
        var name = ExpectIdentifier("an alias name");
        Expect(TokenKind.Equals);
        _operands.Clear();
        _operands.Add(ParseOperand(inGateBody: false));
        while (_current.Kind == TokenKind.Punctuation && Text(_current) == "++")
        {
            Advance();
            _operands.Add(ParseOperand(inGateBody: false));
        }

        Expect(TokenKind.Semicolon);
        if (_builder.IsNameDeclared(name.Text!) || _builder.TryGetGate(name.Text!, out _))
        {
            throw new DiagnosticException(new Diagnostic(DiagnosticRules.Redefinition, $"'{name.Text}' is already declared", _file, name.Line, name.Column));
        }

        if (_operands.Exists(o => _builder.TryGetClassicalRegister(o.Name, out _)))
        {
            throw UnsupportedError("an alias of bits", start);
        }

        if (!_builder.ResolveQubits(_operands, out var qubits))
        {
            return;
        }

        for (var i = 1; i < qubits.Length; i++)
        {
            if (qubits[i] != qubits[0] + i)
            {
                throw UnsupportedError($"the alias '{name.Text}' of qubits that are not consecutive in the circuit", name);
            }
        }

        _builder.BindQubitAlias(name.Text!, new Register(name.Text!, qubits.Length, qubits.IsEmpty ? 0 : qubits[0]) { Span = Span(name) });
    }

    private DiagnosticException ExternCallError(Token call) =>
        UnsupportedError($"a call of extern '{call.Text}' (no backend qxm runs provides externs)", call);
}
