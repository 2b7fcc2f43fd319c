namespace ImageSaga.IntegrationTests.Faults;

/// <summary>A saga's state as <c>GET /api/images/{id}</c> reports it, with the failed step and reason when it failed.</summary>
public sealed record SagaOutcome(string State, string? FailedStep, string? ReasonCode, string? FailureMessage);
