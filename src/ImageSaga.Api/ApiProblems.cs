using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ImageSaga.Api;

/// <summary>Every error the API returns: RFC 9457 problem details with a stable <c>reasonCode</c> clients match on.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Problem(int status, string reasonCode, string detail) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = reasonCode,
            Detail = detail,
            Type = $"https://imagesaga.dev/problems/{reasonCode}",
            Extensions = { ["reasonCode"] = reasonCode },
        });

    public static ValidationProblem Invalid(string reasonCode, string detail, IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail, type: $"https://imagesaga.dev/problems/{reasonCode}", title: reasonCode,
            extensions: new Dictionary<string, object?> { ["reasonCode"] = reasonCode });
}
