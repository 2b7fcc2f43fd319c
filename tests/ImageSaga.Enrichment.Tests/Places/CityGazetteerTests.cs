using ImageSaga.Enrichment.Places;

namespace ImageSaga.Enrichment.Tests.Places;

/// <summary>Lookups against the real GeoNames data; expected places were checked by a brute-force scan of the file.</summary>
public sealed class CityGazetteerTests
{
    private static CityGazetteer Gazetteer => GazetteerData.Gazetteer;

    [Fact]
    public void Loads_every_place_of_the_committed_file()
    {
        Gazetteer.Count.ShouldBe(171_075);
    }

    [Fact]
    public void Names_the_Paris_arrondissement_around_the_Eiffel_Tower()
    {
        // GeoNames has the 20 arrondissements as places; the tower stands in the 7th, but the 16th's point is nearer.
        var match = Gazetteer.Nearest(48.858370, 2.294481).ShouldNotBeNull();

        match.Name.ShouldBe("Paris 16 Passy");
        match.CountryCode.ShouldBe("FR");
        match.Latitude.ShouldBe(48.8637);
        match.Longitude.ShouldBe(2.2769);
        match.DistanceKm.ShouldBe(1.416, tolerance: 0.001);
    }

    [Fact]
    public void Names_San_Francisco_for_its_city_hall_coordinates()
    {
        var match = Gazetteer.Nearest(37.774929, -122.419416).ShouldNotBeNull();

        match.Name.ShouldBe("San Francisco");
        match.CountryCode.ShouldBe("US");
        match.DistanceKm.ShouldBeLessThan(0.01);
    }

    [Fact]
    public void Names_Suva_in_Fiji()
    {
        var match = Gazetteer.Nearest(-18.1248, 178.4501).ShouldNotBeNull();

        match.Name.ShouldBe("Suva");
        match.CountryCode.ShouldBe("FJ");
        match.DistanceKm.ShouldBe(2.941, tolerance: 0.001);
    }

    [Theory]
    [InlineData(-16.8, -179.99, "Savusavu", "FJ", 71.825)]
    [InlineData(66.3, 179.9, "Egvekinot", "RU", 43.9)]
    public void Finds_a_place_across_the_antimeridian(double latitude, double longitude, string name, string country, double distanceKm)
    {
        var match = Gazetteer.Nearest(latitude, longitude, maxDistanceKm: 100).ShouldNotBeNull();

        match.Name.ShouldBe(name);
        match.CountryCode.ShouldBe(country);
        Math.Sign(match.Longitude).ShouldNotBe(Math.Sign(longitude));
        match.DistanceKm.ShouldBe(distanceKm, tolerance: 0.1);
    }

    [Theory]
    [InlineData(90, 0)]
    [InlineData(90, 123.4)]
    [InlineData(89.9, -180)]
    public void Searches_every_meridian_around_the_north_pole(double latitude, double longitude)
    {
        Gazetteer.Nearest(latitude, longitude).ShouldBeNull();

        var match = Gazetteer.Nearest(latitude, longitude, maxDistanceKm: 1500).ShouldNotBeNull();
        match.Name.ShouldBe("Longyearbyen");
        match.CountryCode.ShouldBe("SJ");
    }

    [Fact]
    public void Finds_the_southernmost_town_from_the_south_pole()
    {
        var match = Gazetteer.Nearest(-90, 0, maxDistanceKm: 4000).ShouldNotBeNull();

        match.Name.ShouldBe("Puerto Williams");
        match.CountryCode.ShouldBe("CL");
        match.DistanceKm.ShouldBe(3899.2, tolerance: 0.1);
    }

    [Fact]
    public void Finds_nothing_in_the_middle_of_the_Pacific()
    {
        Gazetteer.Nearest(0, -150).ShouldBeNull();
        Gazetteer.Nearest(0, -150, maxDistanceKm: 800).ShouldBeNull();
        Gazetteer.Nearest(0, -150, maxDistanceKm: 900).ShouldNotBeNull().CountryCode.ShouldBe("KI");
    }

    [Fact]
    public void Finds_nothing_beyond_the_search_radius()
    {
        // Paris 16 Passy is 1.416 km from the tower.
        Gazetteer.Nearest(48.858370, 2.294481, maxDistanceKm: 1.4).ShouldBeNull();
        Gazetteer.Nearest(48.858370, 2.294481, maxDistanceKm: 1.42).ShouldNotBeNull().Name.ShouldBe("Paris 16 Passy");
    }

    [Theory]
    [InlineData(double.NaN, 2.29)]
    [InlineData(48.85, double.NaN)]
    [InlineData(double.PositiveInfinity, 0)]
    [InlineData(91, 0)]
    [InlineData(-90.5, 0)]
    [InlineData(48.85, 180.5)]
    [InlineData(48.85, -200)]
    public void Finds_nothing_for_a_position_that_is_not_on_Earth(double latitude, double longitude)
    {
        Gazetteer.Nearest(latitude, longitude, maxDistanceKm: double.PositiveInfinity).ShouldBeNull();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Rejects_a_negative_search_radius(double maxDistanceKm)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Gazetteer.Nearest(48.85, 2.29, maxDistanceKm))
            .ParamName.ShouldBe("maxDistanceKm");
    }

    [Fact]
    public void Agrees_with_a_brute_force_scan_anywhere_on_Earth()
    {
        var rows = GazetteerData.AllRows;
        var random = new Random(20_240_601);
        double[] radii = [25, 50, 300, 2_000, double.PositiveInfinity];
        for (var i = 0; i < 200; i++)
        {
            // Half the points on real places' neighbourhoods (dense cells), half uniform on the sphere (poles, oceans).
            var (latitude, longitude) = i % 2 == 0
                ? Near(rows[random.Next(rows.Count)], random)
                : (double.RadiansToDegrees(Math.Asin((2 * random.NextDouble()) - 1)), (360 * random.NextDouble()) - 180);
            var maxDistanceKm = radii[i % radii.Length];

            var expected = rows.Min(row => GreatCircle.DistanceKm(latitude, longitude, row.Latitude, row.Longitude));
            var match = Gazetteer.Nearest(latitude, longitude, maxDistanceKm);

            if (expected <= maxDistanceKm)
            {
                match.ShouldNotBeNull($"({latitude}, {longitude}) within {maxDistanceKm} km").DistanceKm.ShouldBe(expected, tolerance: 1e-6);
            }
            else
            {
                match.ShouldBeNull($"({latitude}, {longitude}) within {maxDistanceKm} km");
            }
        }
    }

    [Fact]
    public void Finds_a_place_next_to_every_known_place()
    {
        // Speed is a benchmark matter (docs/benchmarks.md), not asserted here; this checks the grid misses no cell.
        var rows = GazetteerData.AllRows;
        var random = new Random(7);
        var positions = Enumerable.Range(0, 20_000).Select(_ => Near(rows[random.Next(rows.Count)], random)).ToArray();

        positions.Count(position => Gazetteer.Nearest(position.Latitude, position.Longitude) is not null).ShouldBe(positions.Length);
    }

    private static (double Latitude, double Longitude) Near(GazetteerRow row, Random random)
    {
        var latitude = Math.Clamp(row.Latitude + ((random.NextDouble() - 0.5) * 0.2), -90, 90);
        var longitude = row.Longitude + ((random.NextDouble() - 0.5) * 0.2);
        return (latitude, longitude > 180 ? longitude - 360 : longitude < -180 ? longitude + 360 : longitude);
    }
}
