using System.Security.Cryptography;
using ImageSaga.Contracts;
using ImageSaga.ServiceDefaults.Storage;

namespace ImageSaga.ServiceDefaults.Tests;

public sealed class ImageStoreTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("imagesaga-store-").FullName;
    readonly LocalFolderImageStore _store;

    public ImageStoreTests() => _store = new LocalFolderImageStore(_root);

    [Theory]
    [InlineData("../outside.jpg")]
    [InlineData("images/../../outside.jpg")]
    [InlineData("/etc/passwd")]
    [InlineData("images//double.jpg")]
    [InlineData("images/./here.jpg")]
    [InlineData("images\\windows.jpg")]
    [InlineData("images/name with space.jpg")]
    [InlineData("")]
    [InlineData("images/trailing/")]
    public async Task Refuses_keys_that_could_leave_the_store_or_are_malformed(string key)
    {
        StorageKey.IsValid(key).ShouldBeFalse();
        await Should.ThrowAsync<InvalidStorageKeyException>(() => _store.WriteAsync(key, new MemoryStream([1]), TestContext.Current.CancellationToken));
        await Should.ThrowAsync<InvalidStorageKeyException>(() => _store.OpenReadAsync(key, TestContext.Current.CancellationToken));
        Directory.GetFiles(Path.GetDirectoryName(_root)!, "outside.jpg").ShouldBeEmpty();
    }

    [Fact]
    public async Task Stores_and_reads_back_an_object_under_a_nested_key()
    {
        var key = StorageKey.ForOriginal(Guid.NewGuid(), ".JPG");
        key.ShouldEndWith("/original.jpg");

        await _store.WriteAsync(key, new MemoryStream([1, 2, 3]), TestContext.Current.CancellationToken);

        (await _store.GetLengthAsync(key, TestContext.Current.CancellationToken)).ShouldBe(3);
        await using var read = await _store.OpenReadAsync(key, TestContext.Current.CancellationToken);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy, TestContext.Current.CancellationToken);
        copy.ToArray().ShouldBe([1, 2, 3]);
        Directory.EnumerateFiles(_root, "*.tmp", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_read_that_blocks_for_ever_is_given_up_when_its_caller_stops_waiting()
    {
        // A pipe under a key: opening it blocks until a writer comes, as a read does on a stalled network mount.
        var key = "uploads/stalled.jpg";
        var path = Path.Combine(_root, "uploads", "stalled.jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", path))
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
        File.Exists(path).ShouldBeTrue("mkfifo made the pipe");

        using var patience = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        // Called from a pool thread, so that a store that blocks its caller fails this test (time-out) instead of hanging it.
        var opening = Task.Run(() => _store.OpenReadAsync(key, patience.Token), TestContext.Current.CancellationToken);
        await Should.ThrowAsync<OperationCanceledException>(() => opening.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        // A writer releases the abandoned open on its pool thread; the stream it gets is closed, not leaked.
        await using var writer = new FileStream(path, FileMode.Open, FileAccess.Write);
    }

    [Fact]
    public void Puts_the_thumbnail_beside_the_original()
    {
        StorageKey.ForThumbnail("images/abc/original.png").ShouldBe("images/abc/original.thumbnail.jpg");
        StorageKey.ForThumbnail("uploads/cat").ShouldBe("uploads/cat.thumbnail.jpg");
    }

    [Fact]
    public async Task Reads_a_step_input_only_when_the_checksum_matches()
    {
        byte[] bytes = [10, 20, 30, 40];
        await _store.WriteAsync("uploads/a.bin", new MemoryStream(bytes), TestContext.Current.CancellationToken);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var good = await _store.ReadAsync(Command("uploads/a.bin", sha), maxBytes: 100, TestContext.Current.CancellationToken);
        good.Bytes.ShouldBe(bytes);

        (await _store.ReadAsync(Command("uploads/a.bin", new string('0', 64)), 100, TestContext.Current.CancellationToken)).ReasonCode
            .ShouldBe(AnalysisFailureReasons.ChecksumMismatch);
        (await _store.ReadAsync(Command("uploads/missing.bin", sha), 100, TestContext.Current.CancellationToken)).ReasonCode
            .ShouldBe(AnalysisFailureReasons.NotFound);
        (await _store.ReadAsync(Command("uploads/a.bin", sha), maxBytes: 3, TestContext.Current.CancellationToken)).ReasonCode
            .ShouldBe(AnalysisFailureReasons.TooLarge);
        (await _store.ReadAsync(Command("../a.bin", sha), 100, TestContext.Current.CancellationToken)).ReasonCode
            .ShouldBe(AnalysisFailureReasons.InvalidStorageKey);
        (await _store.ReadAsync(Command("uploads/a.bin", "not-hex"), 100, TestContext.Current.CancellationToken)).ReasonCode
            .ShouldBe(AnalysisFailureReasons.InvalidRequest);
    }

    static ExtractMetadata Command(string key, string sha256) => new() { ImageId = Guid.NewGuid(), StorageKey = key, Sha256 = sha256 };

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
