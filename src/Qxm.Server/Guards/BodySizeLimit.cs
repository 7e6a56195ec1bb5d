using Microsoft.AspNetCore.Http.Metadata;

namespace Qxm.Server.Guards;

/// <summary>An endpoint's body limit, applied by routing to Kestrel before the body is read, so a larger body is refused
/// with 413 as its first bytes arrive (or from its Content-Length) instead of after buffering.</summary>
internal sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
