using Qxm.Domain.Errors;

namespace Qxm.Backends.Contract;

/// <summary>A backend failure, already classified at the adapter boundary.</summary>
public sealed class BackendException : QxmException
{
    public BackendException(BackendErrorKind kind, string message, TimeSpan? retryAfter = null)
        : base(message)
    {
        Kind = kind;
        RetryAfter = retryAfter;
    }

    public BackendErrorKind Kind { get; }

    public TimeSpan? RetryAfter { get; }
}
