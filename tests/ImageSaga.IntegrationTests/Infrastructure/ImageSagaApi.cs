using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ImageSaga.IntegrationTests.Infrastructure;

/// <summary>The HTTP API as a client sees it.</summary>
public sealed class ImageSagaApi : IDisposable
{
    readonly HttpClient _client;

    /// <summary>A client that sends <paramref name="apiKey"/> with every request (none: the embedded host's local user).</summary>
    public ImageSagaApi(Uri baseAddress, string? apiKey = null)
    {
        _client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
            _client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    public HttpClient Http => _client;

    public async Task<HttpResponseMessage> PostFileAsync(string fileName, byte[] content, string? userId = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        if (userId is not null)
            form.Add(new StringContent(userId), "userId");
        return await _client.PostAsync("/api/images", form);
    }

    public async Task<Guid> UploadAsync(string path, string? userId = null)
    {
        using var response = await PostFileAsync(Path.GetFileName(path), await File.ReadAllBytesAsync(path), userId);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("imageId").GetGuid();
    }

    public async Task<JsonElement?> GetStatusAsync(Guid imageId)
    {
        using var response = await _client.GetAsync($"/api/images/{imageId}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> GetHistoryAsync(Guid imageId) =>
        await _client.GetFromJsonAsync<JsonElement>($"/api/images/{imageId}/history");

    /// <summary>Polls the saga until it reaches Completed or Failed.</summary>
    public async Task<JsonElement> WaitForOutcomeAsync(Guid imageId, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await GetStatusAsync(imageId);
            if (last is { } status && status.GetProperty("state").GetString() is "Completed" or "Failed")
                return status;
            await Task.Delay(200);
        }

        throw new TimeoutException($"Image {imageId} did not finish within {within}; last status: {last}");
    }

    /// <summary>Polls the saga until it is in <paramref name="state"/>.</summary>
    public async Task<JsonElement> WaitForStateAsync(Guid imageId, string state, TimeSpan within, string? context = null)
    {
        var deadline = DateTime.UtcNow + within;
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await GetStatusAsync(imageId);
            if (last?.GetProperty("state").GetString() == state)
                return last.Value;
            await Task.Delay(200);
        }

        throw new TimeoutException($"Image {imageId} never reached {state}; last: {last}\n{context}");
    }

    public void Dispose() => _client.Dispose();
}
