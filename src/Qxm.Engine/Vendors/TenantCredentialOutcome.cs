using Qxm.Domain.Errors;
using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Vendors;

/// <summary>The stored reference, or why the request was refused.</summary>
public sealed record TenantCredentialOutcome(TenantCredential? Credential, IReadOnlyList<Diagnostic> Diagnostics);
