using Qxm.Domain.Errors;

namespace Qxm.Client.Errors;

/// <summary>No answer from the server at all: refused, reset, timed out, or its name did not resolve.</summary>
public sealed class QxmUnreachableException : QxmException
{
    /// <summary>An exception for a server that did not answer.</summary>
    public QxmUnreachableException(Uri server, Exception inner)
        : base($"cannot reach the server at {server}: {inner?.Message}", inner!)
    {
        Server = server;
    }

    /// <summary>The server's address.</summary>
    public Uri Server { get; }
}
