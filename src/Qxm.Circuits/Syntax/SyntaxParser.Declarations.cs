using System.Collections.Immutable;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Syntax;

/// <summary>Declarations and definitions: registers and variables, types, gates, subroutines, externs, calibration
/// blocks kept verbatim, pragmas and annotations.</summary>
internal sealed partial class SyntaxParser
{
    private QubitDeclarationSyntax ParseQubitDeclaration(Token start)
    {
        Advance();
        ExpressionSyntax? size = null;
        if (start.Text == "qubit" && _current.Kind == TokenKind.LeftBracket)
        {
            Advance();
            size = ParseExpression();
            Expect(TokenKind.RightBracket);
        }

        var name = ExpectIdentifier(start.Text == "qreg" ? "a register name" : "a qubit register name");
        if (size is null && (_current.Kind == TokenKind.LeftBracket || start.Text == "qreg"))
        {
            // 'qreg q[2];' and the early OpenQASM 3 form 'qubit q[2];', still used in the specification's examples.
            Expect(TokenKind.LeftBracket);
            size = ParseExpression();
            Expect(TokenKind.RightBracket);
        }

        Expect(TokenKind.Semicolon);
        return new QubitDeclarationSyntax(SpanFrom(start), start.Text!, name, size);
    }

    private ClassicalDeclarationSyntax ParseOldStyleBits(Token start)
    {
        Advance();
        var name = ExpectIdentifier("a register name");
        Expect(TokenKind.LeftBracket);
        var size = ParseExpression();
        Expect(TokenKind.RightBracket);
        Expect(TokenKind.Semicolon);
        return new ClassicalDeclarationSyntax(SpanFrom(start), DeclarationModifier.None,
            new TypeSyntax(SpanOf(start), "bit", size), name, null, OldStyle: true);
    }

    private ClassicalDeclarationSyntax ParseClassicalDeclaration(Token start, DeclarationModifier modifier)
    {
        var type = ParseType(classical: true);
        var name = ExpectIdentifier("a variable name");
        var oldStyle = false;
        if (type.Name == "bit" && type.Size is null && _current.Kind == TokenKind.LeftBracket)
        {
            // The early form 'bit c[2];'.
            Advance();
            type = type with { Size = ParseExpression() };
            Expect(TokenKind.RightBracket);
            oldStyle = true;
        }

        ExpressionSyntax? initializer = null;
        if (_current.Kind == TokenKind.Equals)
        {
            Advance();
            initializer = ParseExpression();
        }

        Expect(TokenKind.Semicolon);
        return new ClassicalDeclarationSyntax(SpanFrom(start), modifier, type, name, initializer, oldStyle);
    }

    private TypeSyntax ParseType(bool classical = false)
    {
        var start = _current;
        if (start.Kind != TokenKind.Identifier || !(TypeKeywords.Contains(start.Text!) || (!classical && start.Text is "qubit" or "creg" or "qreg")))
        {
            throw SyntaxError(classical
                ? $"expected a classical type (int, uint, float, angle, bool, duration, stretch) but found {Describe(start)}"
                : $"expected a type but found {Describe(start)}", start);
        }

        Advance();
        var name = start.Text!;
        if (_current.Kind != TokenKind.LeftBracket)
        {
            return new TypeSyntax(SpanFrom(start), name);
        }

        Advance();
        TypeSyntax type;
        if (name == "array")
        {
            var element = ParseType();
            var dimensions = ImmutableArray.CreateBuilder<ExpressionSyntax>();
            ExpressionSyntax? count = null;
            while (_current.Kind == TokenKind.Comma)
            {
                Advance();
                if (_current.Kind == TokenKind.Hash)
                {
                    Advance();
                    if (!_current.IsIdentifier("dim"))
                    {
                        throw SyntaxError($"expected 'dim' after '#' but found {Describe(_current)}", _current);
                    }

                    Advance();
                    Expect(TokenKind.Equals);
                    count = ParseExpression();
                    break;
                }

                dimensions.Add(ParseExpression());
            }

            if (dimensions.Count == 0 && count is null)
            {
                throw SyntaxError($"expected the array's dimensions after its element type but found {Describe(_current)}", _current);
            }

            Expect(TokenKind.RightBracket);
            type = new TypeSyntax(SpanFrom(start), name, Element: element, Dimensions: dimensions.ToImmutable(), DimensionCount: count);
        }
        else if (name == "complex")
        {
            var element = ParseType();
            Expect(TokenKind.RightBracket);
            type = new TypeSyntax(SpanFrom(start), name, Element: element);
        }
        else
        {
            var size = ParseExpression();
            Expect(TokenKind.RightBracket);
            type = new TypeSyntax(SpanFrom(start), name, size);
        }

        return type;
    }

    private GateDefinitionSyntax ParseGateDefinition(Token start)
    {
        Advance();
        var name = ExpectIdentifier("a gate name");
        var parameters = ImmutableArray.CreateBuilder<IdentifierSyntax>();
        if (_current.Kind == TokenKind.LeftParen)
        {
            Advance();
            if (_current.Kind != TokenKind.RightParen)
            {
                parameters.Add(ExpectIdentifier("a parameter name"));
                while (_current.Kind == TokenKind.Comma)
                {
                    Advance();
                    parameters.Add(ExpectIdentifier("a parameter name"));
                }
            }

            Expect(TokenKind.RightParen);
        }

        var qubits = ImmutableArray.CreateBuilder<IdentifierSyntax>();
        qubits.Add(ExpectIdentifier("a qubit argument name"));
        while (_current.Kind == TokenKind.Comma)
        {
            Advance();
            qubits.Add(ExpectIdentifier("a qubit argument name"));
        }

        BlockSyntax? body = null;
        if (start.Text == "opaque")
        {
            Expect(TokenKind.Semicolon);
        }
        else
        {
            body = ParseBlock();
        }

        return new GateDefinitionSyntax(SpanFrom(start), name, parameters.ToImmutable(), qubits.ToImmutable(), body);
    }

    private SubroutineSyntax ParseSubroutine(Token start)
    {
        Advance();
        var name = ExpectIdentifier("a subroutine name");
        Expect(TokenKind.LeftParen);
        var parameters = ImmutableArray.CreateBuilder<ParameterSyntax>();
        if (_current.Kind != TokenKind.RightParen)
        {
            parameters.Add(ParseParameter());
            while (_current.Kind == TokenKind.Comma)
            {
                Advance();
                parameters.Add(ParseParameter());
            }
        }

        Expect(TokenKind.RightParen);
        var returns = ParseReturnType();
        return new SubroutineSyntax(SpanFrom(start), name, parameters.ToImmutable(), returns, ParseBlock());
    }

    private ParameterSyntax ParseParameter()
    {
        var start = _current;
        string? access = null;
        if (_current.Text is "readonly" or "mutable" && _current.Kind == TokenKind.Identifier)
        {
            access = _current.Text;
            Advance();
        }

        var type = ParseType();
        var name = ExpectIdentifier("an argument name");
        if (type.Name is "qubit" or "bit" or "qreg" or "creg" && type.Size is null && _current.Kind == TokenKind.LeftBracket)
        {
            Advance();
            type = type with { Size = ParseExpression() };
            Expect(TokenKind.RightBracket);
        }

        return new ParameterSyntax(SpanFrom(start), access, type, name);
    }

    private TypeSyntax? ParseReturnType()
    {
        if (_current.Kind != TokenKind.Arrow)
        {
            return null;
        }

        Advance();
        return ParseType();
    }

    private ExternSyntax ParseExtern(Token start)
    {
        Advance();
        var name = ExpectIdentifier("an extern name");
        var open = Expect(TokenKind.LeftParen);
        var parameters = ImmutableArray.CreateBuilder<TypeSyntax>();
        try
        {
            if (_current.Kind != TokenKind.RightParen)
            {
                parameters.Add(ParseExternParameter());
                while (_current.Kind == TokenKind.Comma)
                {
                    Advance();
                    parameters.Add(ParseExternParameter());
                }
            }

            Expect(TokenKind.RightParen);
        }
        catch (DiagnosticException)
        {
            // Report where the parameter list should have closed, not at the first token that does not fit in it.
            for (var depth = 1; depth > 0; Advance())
            {
                depth += _current.Kind switch
                {
                    TokenKind.LeftParen => 1,
                    TokenKind.RightParen => -1,
                    TokenKind.Semicolon or TokenKind.EndOfFile => throw SyntaxError(
                        $"expected ')' to close the parameters opened at column {_text.Locate(open.Start).Column} but found {Describe(_current)}", _current),
                    _ => 0,
                };
            }

            throw;
        }

        var returns = ParseReturnType();
        Expect(TokenKind.Semicolon);
        return new ExternSyntax(SpanFrom(start), name, parameters.ToImmutable(), returns);
    }

    private TypeSyntax ParseExternParameter()
    {
        if (_current.Text is "readonly" or "mutable" && _current.Kind == TokenKind.Identifier)
        {
            Advance();
        }

        var type = ParseType();
        if (_current.Kind == TokenKind.Identifier)
        {
            // A name after the type documents the argument; the call does not use it.
            Advance();
        }

        return type;
    }

    /// <summary>A <c>cal</c> or <c>defcal</c> block, kept as written up to its matching '}': its body is in the
    /// calibration grammar, not OpenQASM.</summary>
    private CalibrationSyntax ParseCalibration(Token start)
    {
        Advance();
        string? target = null;
        if (start.Text == "defcal")
        {
            if (_current.Kind != TokenKind.Identifier)
            {
                throw SyntaxError($"expected the name of what 'defcal' calibrates but found {Describe(_current)}", _current);
            }

            target = _current.Text;
        }

        while (_current.Kind is not (TokenKind.LeftBrace or TokenKind.Semicolon or TokenKind.EndOfFile))
        {
            Advance();
        }

        if (_current.Kind != TokenKind.LeftBrace)
        {
            throw SyntaxError($"expected '{{' to open the '{start.Text}' block but found {Describe(_current)}", _current);
        }

        var depth = 0;
        do
        {
            depth += _current.Kind switch { TokenKind.LeftBrace => 1, TokenKind.RightBrace => -1, _ => 0 };
            if (_current.Kind == TokenKind.EndOfFile)
            {
                throw SyntaxError($"the '{start.Text}' block is not closed: expected '}}' but found end of file", _current);
            }

            Advance();
        }
        while (depth > 0);

        var span = SpanFrom(start);
        return new CalibrationSyntax(span, start.Text!, target, _source.Substring(span.Start, span.Length));
    }

    /// <summary>Pragmas and annotations run to the end of their line; they are kept as written.</summary>
    private DirectiveSyntax ParseDirective(Token start)
    {
        var end = _source.IndexOf('\n', start.Start);
        if (end < 0)
        {
            end = _source.Length;
        }

        var text = _source[start.Start..end].TrimEnd('\r', ' ', '\t');
        var pragma = start.Kind != TokenKind.At;
        if (start.Kind == TokenKind.Hash && !text.StartsWith("#pragma", StringComparison.Ordinal))
        {
            throw SyntaxError("expected 'pragma' after '#'", start);
        }

        if (pragma)
        {
            text = text[(start.Kind == TokenKind.Hash ? "#pragma".Length : "pragma".Length)..].Trim();
        }

        while (_current.Kind != TokenKind.EndOfFile && _current.Start < end)
        {
            Advance();
        }

        return new DirectiveSyntax(SpanFrom(start), pragma, text);
    }
}
