using System.CommandLine;
using ImageSaga.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace ImageSaga.Cli.Commands;

/// <summary>
/// <c>serve</c>: runs services in this process until stopped, configured like <c>ImageSaga.Host</c> (environment
/// variables, <c>ImageSaga__*</c>). It is what <c>up</c> starts once per service instance.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var services = new Option<string>("--services") { Description = "Services to run, comma-separated, or all", DefaultValueFactory = _ => "all" };
        var urls = new Option<string>("--urls") { Description = "Where the health, metrics (and API) endpoints listen", DefaultValueFactory = _ => "http://localhost:5080" };
        var command = new Command("serve", "Run ImageSaga services in this process until stopped (configured by ImageSaga__* variables)") { services, urls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ImageSaga:Services"] = parse.GetValue(services) });
            builder.WebHost.UseUrls(parse.GetValue(urls)!);

            WebApplication app;
            try
            {
                app = await builder.BuildImageSagaAsync(builder.AddImageSaga());
            }
            catch (ArgumentException invalid)
            {
                await Console.Error.WriteLineAsync(invalid.Message);
                return 2;
            }

            return await app.RunUntilStoppedAsync();
        });
        return command;
    }
}
