using Qxm.Domain.Errors;

namespace Qxm.Engine.Security;

/// <summary>A caller attempted what its role or tenant does not allow and the service has no value to say so with;
/// the API answers 403. Entry points check first, so this is a safety net, not a path.</summary>
public sealed class AccessDeniedException(string message) : QxmException(message);
