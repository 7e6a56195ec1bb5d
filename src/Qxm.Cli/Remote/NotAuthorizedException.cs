using Qxm.Domain.Errors;

namespace Qxm.Cli.Remote;

/// <summary>The server answered 401 or 403; exit code 6.</summary>
internal sealed class NotAuthorizedException(string message) : QxmException(message);
