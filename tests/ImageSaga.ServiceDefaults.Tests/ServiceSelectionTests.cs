namespace ImageSaga.ServiceDefaults.Tests;

public sealed class ServiceSelectionTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("all")]
    [InlineData(" ALL ")]
    public void Runs_every_service_by_default(string? value) =>
        ServiceSelection.Parse(value).Names.ShouldBe(ServiceSelection.Known, ignoreOrder: true);

    [Fact]
    public void Runs_only_the_chosen_services()
    {
        var selection = ServiceSelection.Parse("orchestrator, Detection");

        selection.Runs(ServiceSelection.Orchestrator).ShouldBeTrue();
        selection.Runs(ServiceSelection.Detection).ShouldBeTrue();
        selection.Runs(ServiceSelection.Api).ShouldBeFalse();
    }

    [Fact]
    public void Refuses_an_unknown_service_instead_of_ignoring_it() =>
        Should.Throw<ArgumentException>(() => ServiceSelection.Parse("orchestrator,detectoin")).Message.ShouldContain("detectoin");
}
