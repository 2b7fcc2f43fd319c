using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ImageSaga.IntegrationTests.Infrastructure;

public static class ProblemAssertions
{
    /// <summary>Asserts the status and the problem details' <c>reasonCode</c>, the contract clients match on.</summary>
    public static async Task ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string reasonCode)
    {
        response.StatusCode.ShouldBe(status);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reasonCode").GetString().ShouldBe(reasonCode);
    }
}
