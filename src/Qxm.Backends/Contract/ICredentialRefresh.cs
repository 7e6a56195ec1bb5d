namespace Qxm.Backends.Contract;

/// <summary>A backend whose credentials expire. The resilience pipeline refreshes them once when a call fails with
/// <see cref="BackendErrorKind.AuthExpired"/>, then tries the call again.</summary>
public interface ICredentialRefresh
{
    Task RefreshCredentialsAsync(CancellationToken cancellationToken);
}
