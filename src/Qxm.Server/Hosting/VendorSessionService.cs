using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Qxm.Server.Composition;

namespace Qxm.Server.Hosting;

/// <summary>Closes the vendor sessions (IBM Quantum's) of qxm sessions that ended by themselves, idle or at their
/// maximum, which nothing else notices: an ended session is computed from stored times. Every instance sweeps; closing
/// is recorded once in the store, and a vendor close of an already closed session is harmless. A server with no backend
/// whose vendor has sessions has none to close: there it ends at start.</summary>
internal sealed partial class VendorSessionService(QxmRuntime runtime, TimeProvider time, ILogger<VendorSessionService> logger) : BackgroundService
{
    /// <summary>How soon after a session lapses its vendor's session is closed, at most (one read of recent sessions each time).</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (runtime.Engine.Sessions is not { HasVendorSessions: true } sessions)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(SweepInterval, time, stoppingToken);
                var closed = await sessions.CloseLapsedVendorSessionsAsync(stoppingToken);
                if (closed > 0)
                {
                    LogClosed(logger, closed);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A periodic sweep retries on its next beat; a store hiccup must not end it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} vendor sessions whose qxm sessions had ended")]
    private static partial void LogClosed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing lapsed vendor sessions failed; retrying at the next sweep")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
