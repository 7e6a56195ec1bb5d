using Qxm.Domain.Errors;

namespace Qxm.Engine.Resilience;

/// <summary>A call to a backend that failed through all its retries, with the classification of its last failure.</summary>
internal sealed class BackendCallException(BackendFailure failure, Exception inner) : QxmException(failure.Message, inner)
{
    public BackendFailure Failure { get; } = failure;
}
