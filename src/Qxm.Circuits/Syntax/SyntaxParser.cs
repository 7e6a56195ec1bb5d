using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Syntax;

/// <summary>The first stage of the front end: OpenQASM text to an immutable <see cref="ProgramSyntax"/>, every node
/// with its span. It knows the grammar only: nothing is resolved, evaluated or expanded, so a program is read once
/// whatever its loops and calls expand to. A syntax error becomes a diagnostic at its token and the parser resumes at
/// the next statement, so that one mistake gives one diagnostic.</summary>
internal sealed partial class SyntaxParser
{
    /// <summary>Bounds the parser's own recursion (nested blocks and expressions) for hostile input.</summary>
    public const int MaxNesting = 200;

    private const int MaxErrors = 100;

    private static readonly FrozenSet<string> Version2Keywords = FrozenSet.Create(StringComparer.Ordinal,
        "OPENQASM", "include", "qreg", "creg", "gate", "opaque", "measure", "reset", "barrier", "if");

    private static readonly FrozenSet<string> TypeKeywords = FrozenSet.Create(StringComparer.Ordinal,
        "bit", "int", "uint", "float", "angle", "bool", "duration", "stretch", "complex", "array");

    private static readonly FrozenSet<string> DurationUnits = FrozenSet.Create(StringComparer.Ordinal, "ns", "us", "µs", "ms", "s", "dt");

    private readonly string _source;
    private readonly SourceText _text;
    private readonly Lexer _lexer;
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _names;
    private readonly Stack<List<ExpressionSyntax>> _lists = new();
    private readonly Stack<List<StatementSyntax>> _statementLists = new();
    private Token _current;
    private Token _next;
    private Token _previous;
    private int _version = 3;
    private int _nesting;
    private bool _finished;

    private SyntaxParser(string source, string file, Dictionary<string, string> names)
    {
        _source = source;
        _text = new SourceText(file, source);
        _names = names.GetAlternateLookup<ReadOnlySpan<char>>();
        _lexer = new Lexer(source, names);
        _current = _lexer.Next();
        _next = _lexer.Next();
    }

    /// <summary>The file read, which turns the nodes' spans into lines and columns.</summary>
    public SourceText Source => _text;

    /// <summary>The version statement, when the program has one.</summary>
    public VersionSyntax? Version { get; private set; }

    /// <summary>2 or 3: a program without a version statement is OpenQASM 3.</summary>
    public int LanguageVersion => _version;

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>Opens a main program for reading statement by statement, after its optional version statement. A
    /// consumer that lowers each top-level statement as it comes (the front end does) holds one statement's tree at a
    /// time, not the whole program's.</summary>
    /// <param name="names">Interns identifiers across the files of one program; a fresh table when null.</param>
    public static SyntaxParser Open(string source, string file, Dictionary<string, string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(file);
        var parser = new SyntaxParser(source, file, names ?? new Dictionary<string, string>(StringComparer.Ordinal));
        if (parser._current.IsIdentifier("OPENQASM"))
        {
            try
            {
                parser.Version = parser.ParseVersion();
            }
            catch (DiagnosticException e)
            {
                parser.Report(e.Diagnostic);
                if (e.Diagnostic.Rule == DiagnosticRules.Version)
                {
                    // Without a version nothing after it can be read in the right language.
                    parser._finished = true;
                }
                else
                {
                    parser.Synchronize();
                }
            }
        }

        return parser;
    }

    /// <summary>Opens an included file: statements only, read with the including program's version.</summary>
    public static SyntaxParser OpenInclude(string source, string file, int version, Dictionary<string, string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(file);
        return new SyntaxParser(source, file, names ?? new Dictionary<string, string>(StringComparer.Ordinal)) { _version = version };
    }

    /// <summary>Parses a whole main program into one tree.</summary>
    public static SyntaxTree Parse(string source, string file, Dictionary<string, string>? names = null) =>
        Open(source, file, names).ReadToEnd();

    /// <summary>Parses a whole included file into one tree.</summary>
    public static SyntaxTree ParseInclude(string source, string file, int version, Dictionary<string, string>? names = null) =>
        OpenInclude(source, file, version, names).ReadToEnd();

    /// <summary>The next top-level statement that parses, or null at the end of the file (or after too many errors).
    /// Statements with syntax errors are reported and skipped.</summary>
    public StatementSyntax? ReadStatement()
    {
        while (!_finished && _current.Kind != TokenKind.EndOfFile && _diagnostics.Count < MaxErrors)
        {
            try
            {
                return ParseStatement();
            }
            catch (DiagnosticException e)
            {
                Report(e.Diagnostic);
                Synchronize();
            }
        }

        _finished = true;
        return null;
    }

    private SyntaxTree ReadToEnd()
    {
        var start = new TextSpan(0, _source.Length);
        var statements = ImmutableArray.CreateBuilder<StatementSyntax>();
        while (ReadStatement() is { } statement)
        {
            statements.Add(statement);
        }

        return new SyntaxTree(new ProgramSyntax(start, Version, statements.ToImmutable()), _diagnostics, _text);
    }

    private VersionSyntax ParseVersion()
    {
        var start = _current;
        Advance();
        var number = _current;
        var text = number.Kind is TokenKind.Integer or TokenKind.Real ? Text(number) : "";
        var major = text switch
        {
            "2.0" or "2" => 2,
            "3" or "3.0" or "3.1" => 3,
            _ => 0,
        };
        if (major == 0)
        {
            throw new DiagnosticException(Located(DiagnosticRules.Version,
                number.Kind is TokenKind.Integer or TokenKind.Real
                    ? $"unsupported OpenQASM version {text}; expected 2.0 or 3.0"
                    : $"expected a version number but found {Describe(number)}",
                _text, number.Start));
        }

        _version = major;
        Advance();
        Expect(TokenKind.Semicolon);
        return new VersionSyntax(SpanFrom(start), text, major);
    }

    private bool IsKeyword(string name) => _version >= 3 || Version2Keywords.Contains(name);

    /// <summary>One string per distinct literal or name, however often it is written.</summary>
    private string Intern(ReadOnlySpan<char> text)
    {
        if (!_names.TryGetValue(text, out var interned))
        {
            interned = text.ToString();
            _names[text] = interned;
        }

        return interned;
    }

    /// <summary>A list to collect expressions in, reused, so that a list of n costs one array of n.</summary>
    private List<ExpressionSyntax> RentList() => _lists.Count > 0 ? _lists.Pop() : [];

    private ImmutableArray<ExpressionSyntax> ToArrayAndReturn(List<ExpressionSyntax> list) => Drain(list, _lists);

    /// <summary>The list's items as an immutable array of exactly their number, and the list back in its pool.</summary>
    private static ImmutableArray<T> Drain<T>(List<T> list, Stack<List<T>> pool)
    {
        if (list.Count == 0)
        {
            pool.Push(list);
            return [];
        }

        var array = new T[list.Count];
        list.CopyTo(array);
        list.Clear();
        pool.Push(list);
        return ImmutableCollectionsMarshal.AsImmutableArray(array);
    }

    private void Report(Diagnostic diagnostic) => _diagnostics.Add(diagnostic);

    private void Advance()
    {
        _previous = _current;
        _current = _next;
        if (_next.Kind != TokenKind.EndOfFile)
        {
            _next = _lexer.Next();
        }
    }

    private Token Expect(TokenKind kind)
    {
        var token = _current;
        if (token.Kind != kind)
        {
            throw SyntaxError($"expected {Describe(kind)} but found {Describe(token)}", token);
        }

        Advance();
        return token;
    }

    private IdentifierSyntax ExpectIdentifier(string what)
    {
        var token = _current;
        if (token.Kind != TokenKind.Identifier)
        {
            throw SyntaxError($"expected {what} but found {Describe(token)}", token);
        }

        Advance();
        return new IdentifierSyntax(SpanOf(token), token.Text!);
    }

    private bool IsPunctuation(string text) => _current.Kind == TokenKind.Punctuation && TextIs(_current, text);

    private bool TextIs(Token token, string text) => _source.AsSpan(token.Start, token.Length).SequenceEqual(text);

    /// <summary>The next token starts right where <paramref name="token"/> ends: <c>100ns</c>, <c>2im</c>.</summary>
    private static bool Touches(Token token, Token next) => token.Start + token.Length == next.Start;

    /// <summary>A node's span: from its first token to the end of the last token read.</summary>
    private TextSpan SpanFrom(Token start) => new(start.Start, Math.Max(0, _previous.Start + _previous.Length - start.Start));

    private static TextSpan SpanOf(Token token) => new(token.Start, token.Length);

    private string Text(Token token) => _source.Substring(token.Start, token.Length);

    private void Enter()
    {
        if (++_nesting > MaxNesting)
        {
            _nesting--;
            throw SyntaxError($"the program is nested more than {MaxNesting} levels deep", _current);
        }
    }

    private void Leave() => _nesting--;

    /// <summary>Skips the rest of a failed top-level statement: past its ';', or its closing '}' (and an 'else'
    /// block after it).</summary>
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

    /// <summary>Skips the rest of a failed statement inside a block, stopping before the block's own '}'.</summary>
    private void SynchronizeInBlock()
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
                    if (depth == 0 && !_next.IsIdentifier("else"))
                    {
                        Advance();
                        return;
                    }

                    break;
            }

            Advance();
        }
    }

    private DiagnosticException SyntaxError(string message, Token at) => new(Located(DiagnosticRules.Syntax, message, _text, at.Start));

    private static Diagnostic Located(string rule, string message, SourceText text, int offset)
    {
        var (line, column) = text.Locate(offset);
        return new Diagnostic(rule, message, text.File, line, column);
    }

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
        TokenKind.Identifier => "a name",
        TokenKind.String => "a string",
        _ => kind.ToString(),
    };
}
