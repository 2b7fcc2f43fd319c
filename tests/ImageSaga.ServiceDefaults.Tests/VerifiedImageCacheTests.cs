using System.Security.Cryptography;
using ImageSaga.Contracts;
using ImageSaga.ServiceDefaults.Storage;

namespace ImageSaga.ServiceDefaults.Tests;

public sealed class VerifiedImageCacheTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("imagesaga-cache-").FullName;
    readonly CountingStore _store;
    readonly ManualClock _clock = new();
    readonly VerifiedImageCache _cache;

    public VerifiedImageCacheTests()
    {
        _store = new CountingStore(new LocalFolderImageStore(_root));
        _cache = new VerifiedImageCache(_clock);
    }

    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_steps_of_one_image_read_and_hash_it_once()
    {
        var (key, sha, bytes) = await StoreAsync("images/a/original.jpg", 1000);

        for (var step = 0; step < 6; step++)
            (await _store.ReadAsync(Command(key, sha), 10_000, _cache, Token)).Bytes.ShouldBe(bytes);

        _store.Reads.ShouldBe(1);
        _cache.Count.ShouldBe(1);
        _cache.Bytes.ShouldBe(1000);
    }

    [Fact]
    public async Task Concurrent_readers_share_one_read()
    {
        var (key, sha, bytes) = await StoreAsync("images/b/original.jpg", 200_000);
        _store.ReadDelay = TimeSpan.FromMilliseconds(100);

        var inputs = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => _store.ReadAsync(Command(key, sha), 1_000_000, _cache, Token))));

        inputs.ShouldAllBe(input => input.IsValid && input.Bytes!.SequenceEqual(bytes));
        _store.Reads.ShouldBe(1);
    }

    [Fact]
    public async Task Bytes_whose_hash_does_not_match_are_reported_and_never_kept()
    {
        var (key, _, _) = await StoreAsync("images/c/original.jpg", 500);
        var wrong = new string('0', 64);

        (await _store.ReadAsync(Command(key, wrong), 10_000, _cache, Token)).ReasonCode.ShouldBe(AnalysisFailureReasons.ChecksumMismatch);
        (await _store.ReadAsync(Command(key, wrong), 10_000, _cache, Token)).ReasonCode.ShouldBe(AnalysisFailureReasons.ChecksumMismatch);

        _store.Reads.ShouldBe(2);
        _cache.Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_deleted_or_replaced_object_is_not_served_from_the_cache()
    {
        var (key, sha, _) = await StoreAsync("images/d/original.jpg", 800);
        (await _store.ReadAsync(Command(key, sha), 10_000, _cache, Token)).IsValid.ShouldBeTrue();

        // Replaced by other bytes of another length: read again, and the claim check no longer holds.
        await _store.WriteAsync(key, new MemoryStream(new byte[900]), Token);
        (await _store.ReadAsync(Command(key, sha), 10_000, _cache, Token)).ReasonCode.ShouldBe(AnalysisFailureReasons.ChecksumMismatch);

        await _store.DeleteAsync(key, Token);
        (await _store.ReadAsync(Command(key, sha), 10_000, _cache, Token)).ReasonCode.ShouldBe(AnalysisFailureReasons.NotFound);
    }

    [Fact]
    public async Task The_size_limit_applies_to_cached_objects_too()
    {
        var (key, sha, _) = await StoreAsync("images/e/original.jpg", 800);
        (await _store.ReadAsync(Command(key, sha), 10_000, _cache, Token)).IsValid.ShouldBeTrue();

        (await _store.ReadAsync(Command(key, sha), maxBytes: 799, _cache, Token)).ReasonCode.ShouldBe(AnalysisFailureReasons.TooLarge);
    }

    [Fact]
    public async Task An_old_entry_is_read_again()
    {
        var (key, sha, _) = await StoreAsync("images/f/original.jpg", 300);
        await _store.ReadAsync(Command(key, sha), 10_000, _cache, Token);

        _clock.Advance(VerifiedImageCache.MaxAge + TimeSpan.FromSeconds(1));
        await _store.ReadAsync(Command(key, sha), 10_000, _cache, Token);

        _store.Reads.ShouldBe(2);
        _cache.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Memory_stays_within_the_budget_and_the_oldest_go_first()
    {
        const int size = 4 * 1024 * 1024;
        var images = new List<(string Key, string Sha)>();
        for (var i = 0; i < 12; i++)
        {
            var (key, sha, _) = await StoreAsync($"images/g{i}/original.jpg", size);
            images.Add((key, sha));
            await _store.ReadAsync(Command(key, sha), long.MaxValue, _cache, Token);
            _cache.Bytes.ShouldBeLessThanOrEqualTo(VerifiedImageCache.ByteBudget);
        }

        _store.Reads.ShouldBe(12);
        await _store.ReadAsync(Command(images[^1].Key, images[^1].Sha), long.MaxValue, _cache, Token);
        _store.Reads.ShouldBe(12);
        await _store.ReadAsync(Command(images[0].Key, images[0].Sha), long.MaxValue, _cache, Token);
        _store.Reads.ShouldBe(13);
    }

    async Task<(string Key, string Sha, byte[] Bytes)> StoreAsync(string key, int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        await _store.WriteAsync(key, new MemoryStream(bytes), Token);
        return (key, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes);
    }

    static ExtractMetadata Command(string key, string sha256) => new() { ImageId = Guid.NewGuid(), StorageKey = key, Sha256 = sha256 };

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The local store, counting how often an object is opened for reading.</summary>
    sealed class CountingStore(IImageStore inner) : IImageStore
    {
        int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public TimeSpan ReadDelay { get; set; }

        public Task WriteAsync(string key, Stream content, CancellationToken cancellationToken) => inner.WriteAsync(key, content, cancellationToken);

        public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            if (ReadDelay > TimeSpan.Zero)
                await Task.Delay(ReadDelay, cancellationToken);
            return await inner.OpenReadAsync(key, cancellationToken);
        }

        public Task<long?> GetLengthAsync(string key, CancellationToken cancellationToken) => inner.GetLengthAsync(key, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);
    }

    sealed class ManualClock : TimeProvider
    {
        DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
