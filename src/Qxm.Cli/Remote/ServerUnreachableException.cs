using Qxm.Domain.Errors;

namespace Qxm.Cli.Remote;

/// <summary>No answer from the server at all (refused, timed out, DNS); exit code 4.</summary>
internal sealed class ServerUnreachableException(Uri server, Exception inner)
    : QxmException($"cannot reach the server at {server}: {inner.Message}", inner);
