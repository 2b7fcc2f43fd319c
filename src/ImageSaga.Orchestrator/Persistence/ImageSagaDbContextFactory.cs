using Microsoft.EntityFrameworkCore;

namespace ImageSaga.Orchestrator.Persistence;

/// <summary>Creates a context of whichever provider is configured; callers never need to know which.</summary>
public interface IImageSagaDbContextFactory
{
    ImageSagaDbContext CreateDbContext();
}

sealed class ImageSagaDbContextFactory<TContext>(IDbContextFactory<TContext> factory) : IImageSagaDbContextFactory
    where TContext : ImageSagaDbContext
{
    public ImageSagaDbContext CreateDbContext() => factory.CreateDbContext();
}
