using Microsoft.EntityFrameworkCore;

namespace ImageSaga.Users.Persistence;

/// <summary>Creates a context of whichever provider is configured; callers never need to know which.</summary>
public interface IUserDataDbContextFactory
{
    UserDataDbContext CreateDbContext();
}

sealed class UserDataDbContextFactory<TContext>(IDbContextFactory<TContext> factory) : IUserDataDbContextFactory
    where TContext : UserDataDbContext
{
    public UserDataDbContext CreateDbContext() => factory.CreateDbContext();
}
