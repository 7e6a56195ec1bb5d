namespace Qxm.Domain.Errors;

/// <summary>The root of every exception qxm throws for a bug or a broken invariant.
/// Expected failures (bad input, a refused run) are values: <see cref="Diagnostic"/>.</summary>
public class QxmException : Exception
{
    public QxmException(string message) : base(message) { }

    public QxmException(string message, Exception inner) : base(message, inner) { }
}
