namespace Qxm.Cli;

/// <summary>What <c>qxm</c> exits with; scripts depend on these (docs/cli.md lists them).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run ended Failed or Cancelled, or something unexpected went wrong.</summary>
    public const int Failure = 1;

    /// <summary>The input was refused: a bad file, a diagnostic, a bad option.</summary>
    public const int InvalidInput = 2;

    public const int NotFound = 3;

    public const int ServerUnreachable = 4;

    /// <summary>Refused for now, not for good: the tenant's queue or quota is full; the same submission may pass later.</summary>
    public const int Backpressure = 5;

    /// <summary>The server refused the credentials (none, unknown, expired, revoked) or the caller's role or tenant does not allow the action.</summary>
    public const int NotAuthorized = 6;

    /// <summary><c>qxm audit verify</c> found the audit chain broken; the message names the first broken position.</summary>
    public const int AuditBroken = 7;

    /// <summary>Interrupted (Ctrl+C), as shells report a SIGINT.</summary>
    public const int Interrupted = 130;
}
