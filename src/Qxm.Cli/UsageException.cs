using Qxm.Domain.Errors;

namespace Qxm.Cli;

/// <summary>The command line asks for something impossible; reported as invalid input (exit 2).</summary>
internal sealed class UsageException(string message) : QxmException(message);
