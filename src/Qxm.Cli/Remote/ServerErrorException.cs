using Qxm.Domain.Errors;

namespace Qxm.Cli.Remote;

/// <summary>The server answered with an error this client does not expect: a bug on one side or the other.</summary>
internal sealed class ServerErrorException(string message) : QxmException(message);
