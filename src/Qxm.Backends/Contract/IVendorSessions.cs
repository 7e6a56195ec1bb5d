namespace Qxm.Backends.Contract;

/// <summary>A backend whose vendor can hold the device for one client's series of jobs (IBM Quantum's sessions): qxm
/// opens one when a qxm session opens on the backend, names it on every job of the session's tenant there
/// (<see cref="BackendJob.VendorSession"/>), and closes it when the qxm session ends. Backends without it keep qxm's
/// own session only (a hold of qxm's queue).</summary>
public interface IVendorSessions
{
    /// <summary>Opens a vendor session that ends by itself after <paramref name="maxDuration"/> at the latest; its id.</summary>
    Task<string> OpenSessionAsync(TimeSpan maxDuration, CancellationToken cancellationToken);

    /// <summary>Stops the session taking jobs (those already in it finish); a session the vendor no longer knows is closed.</summary>
    Task CloseSessionAsync(string sessionId, CancellationToken cancellationToken);
}
