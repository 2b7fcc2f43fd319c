using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ImageSaga.Cli;

/// <summary>The HTTP API as the CLI uses it: every call either returns JSON or throws <see cref="ApiException"/> with the problem details.</summary>
public sealed class ImageSagaClient : IDisposable
{
    readonly HttpClient _http;

    public ImageSagaClient(Uri server, string? apiKey)
    {
        _http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(100) };
        if (!string.IsNullOrWhiteSpace(apiKey))
            _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    public Uri Server => _http.BaseAddress!;

    public async Task<Guid> UploadAsync(string path, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", Path.GetFileName(path));
        var body = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/images") { Content = form }, cancellationToken);
        return body.GetProperty("imageId").GetGuid();
    }

    /// <summary>Submits files as one batch; the answer lists their image ids in the order sent.</summary>
    public async Task<JsonElement> SubmitBatchAsync(IReadOnlyList<string> paths, int maxInFlight, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        foreach (var path in paths)
        {
            var file = new StreamContent(File.OpenRead(path));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "files", Path.GetFileName(path));
        }

        form.Add(new StringContent(maxInFlight.ToString(System.Globalization.CultureInfo.InvariantCulture)), "maxInFlight");
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/batches") { Content = form }, cancellationToken);
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<JsonElement> PostAsync(string path, object? body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) }, cancellationToken);

    async Task<JsonElement> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await _http.SendAsync(request, cancellationToken))
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonElement? json = text.Length > 0 && text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('[')
                ? JsonDocument.Parse(text).RootElement.Clone()
                : null;
            if (response.IsSuccessStatusCode)
                return json ?? default;

            var reason = json is { ValueKind: JsonValueKind.Object } problem && problem.TryGetProperty("reasonCode", out var code) ? code.GetString() : null;
            var detail = json is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("detail", out var d) ? d.GetString() : text;
            throw new ApiException(response.StatusCode, reason ?? response.StatusCode.ToString(), detail ?? "");
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The API said no: its status, reason code and explanation.</summary>
public sealed class ApiException(HttpStatusCode status, string reasonCode, string detail) : Exception($"{(int)status} {reasonCode}: {detail}")
{
    public HttpStatusCode Status { get; } = status;

    public string ReasonCode { get; } = reasonCode;
}
