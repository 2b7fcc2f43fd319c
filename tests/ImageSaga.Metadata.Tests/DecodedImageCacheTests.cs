using ImageSaga.Contracts;
using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Metadata.Tests;

public sealed class DecodedImageCacheTests
{
    const string Sha256 = "1111111111111111111111111111111111111111111111111111111111111111";
    static readonly byte[] Photo = TestImages.Read("exif_orientation_6_landscape.jpg");

    [Fact]
    public async Task The_first_claim_decodes_and_later_claims_of_the_image_wait_for_that_decode()
    {
        using var cache = new DecodedImageCache();
        using var first = cache.Claim(Sha256);
        using var second = cache.Claim(Sha256);
        first.MustDecode.ShouldBeTrue();
        second.MustDecode.ShouldBeFalse();
        second.Decoded.IsCompleted.ShouldBeFalse();

        var image = first.Decode(Photo, ImageLimits.Default);

        (await second.Decoded).ShouldBeSameAs(image);
        // Upright: the landscape is stored sideways, 1200x1800, with EXIF orientation 6.
        (image.Width, image.Height).ShouldBe((1800, 1200));
        using var third = cache.Claim(Sha256);
        third.MustDecode.ShouldBeFalse();
        (await third.Decoded).ShouldBeSameAs(image);
    }

    [Fact]
    public async Task A_rejected_image_gives_the_waiting_claims_the_same_typed_rejection_and_is_not_kept()
    {
        using var cache = new DecodedImageCache();
        var garbage = "not an image"u8.ToArray();
        using (var decoder = cache.Claim(Sha256))
        using (var waiting = cache.Claim(Sha256))
        {
            var thrown = Should.Throw<ImageRejectedException>(() => decoder.Decode(garbage, ImageLimits.Default));
            (await Should.ThrowAsync<ImageRejectedException>(() => waiting.Decoded)).ShouldBeSameAs(thrown);
        }

        using var again = cache.Claim(Sha256);
        again.MustDecode.ShouldBeTrue();
    }

    [Fact]
    public async Task When_the_decoder_leaves_without_decoding_a_waiting_claim_learns_it_and_can_decode_itself()
    {
        using var cache = new DecodedImageCache();
        var decoder = cache.Claim(Sha256);
        using var waiting = cache.Claim(Sha256);

        decoder.Dispose();

        await Should.ThrowAsync<DecodeAbandonedException>(() => waiting.Decoded);
        using var retry = cache.Claim(Sha256);
        retry.MustDecode.ShouldBeTrue();
        retry.Decode(Photo, ImageLimits.Default).Width.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_step_waiting_for_another_steps_decode_holds_no_compute_slot_and_analyses_the_shared_image()
    {
        using var gate = new ComputeGate(Options.Create(new ComputeOptions { MaxConcurrentAnalyses = 1 }));
        using var cache = new DecodedImageCache();
        var step = new ProbeStep(gate, cache);
        var command = new DetectObjects { ImageId = Guid.NewGuid(), StorageKey = "images/probe.jpg", Sha256 = Sha256 };

        // Another step of the same image claimed it first and has not decoded it yet.
        using var otherStep = cache.Claim(Sha256);
        var analysing = step.AnalyseAsync(command, Photo);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        analysing.IsCompleted.ShouldBeFalse();
        gate.InUse.ShouldBe(0);
        // So the one slot is free for the other step: it decodes there.
        var decoded = await gate.RunAsync(() => Task.FromResult(otherStep.Decode(Photo, ImageLimits.Default)), CancellationToken.None);

        var (analysed, slotsInUse) = await analysing;
        analysed.ShouldBeSameAs(decoded);
        slotsInUse.ShouldBe(1);
        gate.InUse.ShouldBe(0);
    }

    /// <summary>A pixel step that reports which image it analysed and how many compute slots were in use meanwhile.</summary>
    sealed class ProbeStep(ComputeGate gate, DecodedImageCache decoded)
        : UprightImageStepConsumer<DetectObjects>(new LocalFolderImageStore(Path.GetTempPath()), Options.Create(new ImageLimitsOptions()), gate,
            new VerifiedImageCache(TimeProvider.System), decoded)
    {
        public async Task<(Image<Rgb24> Image, int SlotsInUse)> AnalyseAsync(DetectObjects command, byte[] bytes) =>
            ((Image<Rgb24>, int))await AnalyzeAsync(command, bytes, CancellationToken.None);

        protected override object Analyze(DetectObjects command, Image<Rgb24> upright) => (upright, Gate.InUse);

        protected override object Failure(DetectObjects command, string reasonCode, string message) => message;
    }
}
