using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.Security;

/// <summary>
/// API keys at rest and at the door: the secret part of a key is written nowhere on disk (only its SHA-256 is), and a
/// key that differs from a real one in a single character opens nothing.
/// </summary>
public sealed class ApiKeyStorageTests : IAsyncLifetime
{
    const string AdminKey = "key-storage-admin-key-long-enough-too";
    static readonly string[] UserRole = ["user"];

    EmbeddedHostWithKeys _deployment = null!;

    HostProcess Host => _deployment.Host;

    ImageSagaApi Admin => _deployment.Admin;

    public async ValueTask InitializeAsync() => _deployment = await EmbeddedHostWithKeys.StartAsync("keys", "api,orchestrator", AdminKey);

    [Fact]
    public async Task Only_the_hash_of_a_keys_secret_is_stored_and_a_near_miss_is_refused()
    {
        using var created = await Admin.Http.PostAsJsonAsync("/api/keys", new { userId = "carol", roles = UserRole, name = "laptop" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        // isk_<12 hex digits>_<secret>; the secret is base64url, so it may contain '_' itself.
        var secret = key["isk_".Length..][13..];
        secret.Length.ShouldBeGreaterThanOrEqualTo(32);

        using (var carol = new ImageSagaApi(Host.BaseAddress, key))
            (await carol.Http.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Every file the host wrote (database, its write-ahead log, images), read raw: the secret is in none of them,
        // and its hash is, so the search did look where the key went.
        var written = Directory.EnumerateFiles(_deployment.DataFolder, "*", SearchOption.AllDirectories)
            .Select(path => (Path: path, Bytes: ReadShared(path)))
            .ToList();
        written.ShouldNotBeEmpty();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        foreach (var (path, bytes) in written)
            Contains(bytes, secret).ShouldBeFalse($"{Path.GetFileName(path)} holds the key's secret");
        written.Any(file => Contains(file.Bytes, hash)).ShouldBeTrue("the key's SHA-256 is stored");

        // One character changed, at the end and at the start of the secret: refused like any unknown key.
        foreach (var nearMiss in new[] { key[..^1] + Other(key[^1]), key[..(key.Length - secret.Length)] + Other(secret[0]) + secret[1..] })
        {
            using var forged = new ImageSagaApi(Host.BaseAddress, nearMiss);
            using var response = await forged.Http.GetAsync("/api/me");
            await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }
    }

    static char Other(char c) => c == 'A' ? 'B' : 'A';

    static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0 || haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)) >= 0;

    static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public ValueTask DisposeAsync() => _deployment.DisposeAsync();
}
