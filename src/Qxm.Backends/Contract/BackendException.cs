using Qxm.Domain.Errors;

namespace Qxm.Backends.Contract;

/// <summary>A backend failure, already classified at the adapter boundary.</summary>
public sealed class BackendException : QxmException
{
    public BackendException(BackendErrorKind kind, string message, TimeSpan? retryAfter = null, ReadOnlyMemory<byte>? rawAnswer = null)
        : base(message)
    {
        Kind = kind;
        RetryAfter = retryAfter;
        RawAnswer = rawAnswer;
    }

    public BackendErrorKind Kind { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>The backend's answer as it arrived, when it could not be used: kept on the run as an artifact.</summary>
    public ReadOnlyMemory<byte>? RawAnswer { get; }
}
