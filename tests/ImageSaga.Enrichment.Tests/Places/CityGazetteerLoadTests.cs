using ImageSaga.Enrichment.Places;

namespace ImageSaga.Enrichment.Tests.Places;

public sealed class CityGazetteerLoadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gazetteer-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Names_the_missing_file()
    {
        var path = Path.Combine(_folder, "absent", "cities.tsv.gz");

        var exception = Should.Throw<FileNotFoundException>(() => CityGazetteer.Load(path));

        exception.FileName.ShouldBe(path);
        exception.Message.ShouldContain(path);
    }

    [Fact]
    public void Names_the_file_and_line_of_a_malformed_row()
    {
        var path = Write("cities.tsv", CityGazetteer.Header, "Paris\tFR\t48.85341\t2.3488", "Lyon\tFR\t45.74846");

        var exception = Should.Throw<InvalidDataException>(() => CityGazetteer.Load(path));

        exception.Message.ShouldContain(path);
        exception.Message.ShouldContain("line 3");
        exception.Message.ShouldContain("expected 4 tab-separated fields");
    }

    [Theory]
    [InlineData("Nowhere\tFR\t91\t2.3", "latitude")]
    [InlineData("Nowhere\tFR\t48.8\teast", "longitude")]
    [InlineData("Nowhere\tFRA\t48.8\t2.3", "country")]
    [InlineData("\tFR\t48.8\t2.3", "name")]
    public void Rejects_a_row_with_a_bad_field(string row, string field)
    {
        var path = Write("cities.tsv", CityGazetteer.Header, row);

        Should.Throw<InvalidDataException>(() => CityGazetteer.Load(path)).Message.ShouldContain($"the {field}");
    }

    [Fact]
    public void Rejects_a_file_without_the_header()
    {
        var path = Write("cities.tsv", "Paris\tFR\t48.85341\t2.3488");

        var exception = Should.Throw<InvalidDataException>(() => CityGazetteer.Load(path));

        exception.Message.ShouldContain(path);
        exception.Message.ShouldContain("header");
    }

    [Fact]
    public void Rejects_a_file_with_no_places()
    {
        var path = Write("cities.tsv", CityGazetteer.Header);

        Should.Throw<InvalidDataException>(() => CityGazetteer.Load(path)).Message.ShouldContain("no places");
    }

    [Fact]
    public void Names_the_file_when_it_is_not_gzip()
    {
        var path = Write("cities.tsv.gz", CityGazetteer.Header, "Paris\tFR\t48.85341\t2.3488");

        var exception = Should.Throw<InvalidDataException>(() => CityGazetteer.Load(path));

        exception.Message.ShouldContain(path);
    }

    [Fact]
    public void Reads_an_uncompressed_file()
    {
        var path = Write("cities.tsv", CityGazetteer.Header, "Paris\tFR\t48.85341\t2.3488", "Lyon\tFR\t45.74846\t4.84671");

        var gazetteer = CityGazetteer.Load(path);

        gazetteer.Count.ShouldBe(2);
        gazetteer.Nearest(45.7, 4.8).ShouldNotBeNull().Name.ShouldBe("Lyon");
    }

    private string Write(string fileName, params string[] lines)
    {
        var path = Path.Combine(_folder, fileName);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }
}
