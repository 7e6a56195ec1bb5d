using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Qxm.Server.Problems;

/// <summary>The problems the audit endpoints answer with.</summary>
internal static class AuditProblems
{
    public static ProblemHttpResult BadQuery(string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: StatusCodes.Status400BadRequest,
        title: "The audit query is invalid",
        type: ProblemTypes.InvalidQuery);
}
