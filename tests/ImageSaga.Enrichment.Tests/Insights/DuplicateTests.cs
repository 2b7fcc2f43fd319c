using static ImageSaga.Enrichment.Tests.Insights.Photos;

namespace ImageSaga.Enrichment.Tests.Insights;

public sealed class DuplicateTests
{
    private const string Hash = "0123456789abcdef";

    [Fact]
    public void Names_a_near_duplicate_by_its_file_and_upload_time()
    {
        // 0x...ef → 0x...e0 flips the low four bits.
        var earlier = Earlier("beach-small.jpg", Now.AddDays(-30), sha256: "other", perceptualHash: "0123456789abcde0");

        var duplicate = Build(Analysis(perceptualHash: Hash), earlier: [earlier]).Duplicates.ShouldHaveSingleItem();

        duplicate.FileName.ShouldBe("beach-small.jpg");
        duplicate.ImageId.ShouldBe(earlier.ImageId);
        duplicate.UploadedAt.ShouldBe(Now.AddDays(-30));
        duplicate.UploadedAt.Offset.ShouldBe(TimeSpan.Zero);
        duplicate.Distance.ShouldBe(4);
        duplicate.Exact.ShouldBeFalse();
    }

    [Fact]
    public void Flags_identical_bytes_as_an_exact_duplicate_even_without_a_perceptual_hash()
    {
        var earlier = Earlier("copy.jpg", Now.AddDays(-1), sha256: "AA11", perceptualHash: "");

        var duplicate = Build(Analysis(sha256: "aa11", perceptualHash: ""), earlier: [earlier]).Duplicates.ShouldHaveSingleItem();

        duplicate.Exact.ShouldBeTrue();
        duplicate.Distance.ShouldBe(0);
    }

    [Fact]
    public void Does_not_call_a_photo_eleven_bits_away_a_duplicate()
    {
        var tenAway = Earlier("ten.jpg", Now.AddDays(-2), perceptualHash: "0123456789abc810"); // …cdef → …c810: 10 bits
        var elevenAway = Earlier("eleven.jpg", Now.AddDays(-2), perceptualHash: "0123456789aac810"); // and b → a: one more

        var duplicates = Build(Analysis(perceptualHash: Hash), earlier: [tenAway, elevenAway]).Duplicates;

        duplicates.ShouldHaveSingleItem().FileName.ShouldBe("ten.jpg");
        duplicates[0].Distance.ShouldBe(10);
    }

    [Fact]
    public void Lists_the_closest_first_and_at_most_five()
    {
        var earlier = new[]
        {
            Earlier("d3.jpg", Now.AddDays(-3), perceptualHash: "0123456789abcde8"),
            Earlier("d1.jpg", Now.AddDays(-3), perceptualHash: "0123456789abcdee"),
            Earlier("exact.jpg", Now.AddDays(-9), sha256: "aa11"),
            Earlier("d2.jpg", Now.AddDays(-3), perceptualHash: "0123456789abcdec"),
            Earlier("d4.jpg", Now.AddDays(-3), perceptualHash: "0123456789abcde0"),
            Earlier("d5.jpg", Now.AddDays(-3), perceptualHash: "0123456789abcd10"),
            Earlier("unrelated.jpg", Now.AddDays(-3), perceptualHash: "fedcba9876543210"),
        };

        var duplicates = Build(Analysis(sha256: "aa11", perceptualHash: Hash), earlier: earlier).Duplicates;

        duplicates.Select(duplicate => duplicate.FileName).ShouldBe(["exact.jpg", "d1.jpg", "d2.jpg", "d3.jpg", "d4.jpg"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-hash")]
    [InlineData("0123456789abcdef0")]
    [InlineData("0123456789abcdeg")]
    [InlineData("+123456789abcdef")]
    public void Ignores_empty_or_malformed_perceptual_hashes(string malformed)
    {
        var earlier = Earlier("weird.jpg", Now.AddDays(-1), perceptualHash: malformed);

        Build(Analysis(perceptualHash: Hash), earlier: [earlier]).Duplicates.ShouldBeEmpty();
        Build(Analysis(perceptualHash: malformed), earlier: [Earlier("fine.jpg", Now, perceptualHash: Hash)]).Duplicates.ShouldBeEmpty();
    }

    [Fact]
    public void Never_reports_the_image_as_a_duplicate_of_itself()
    {
        var analysis = Analysis(sha256: "aa11", perceptualHash: Hash);
        var itself = Earlier("new.jpg", Now, sha256: "aa11", perceptualHash: Hash);
        itself.ImageId = analysis.ImageId;

        Build(analysis, earlier: [itself]).Duplicates.ShouldBeEmpty();
    }
}
