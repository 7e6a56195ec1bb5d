using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Qxm.Server.Problems;

namespace Qxm.Server.Security;

/// <summary>The refusals of authentication and authorization, worded so they say nothing of what exists.</summary>
internal static class SecurityProblems
{
    public static ProblemHttpResult Unauthenticated() => TypedResults.Problem(
        detail: "send a valid API key or token as 'Authorization: Bearer <key>'",
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Authentication required",
        type: ProblemTypes.Unauthenticated);

    public static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: StatusCodes.Status403Forbidden,
        title: "Forbidden",
        type: ProblemTypes.Forbidden);
}
