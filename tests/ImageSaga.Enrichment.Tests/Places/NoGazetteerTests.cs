using ImageSaga.Enrichment.Places;

namespace ImageSaga.Enrichment.Tests.Places;

public sealed class NoGazetteerTests
{
    [Fact]
    public void Never_finds_a_place()
    {
        NoGazetteer.Instance.Nearest(48.858370, 2.294481, maxDistanceKm: double.PositiveInfinity).ShouldBeNull();
    }
}
