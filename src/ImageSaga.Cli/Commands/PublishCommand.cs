using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using Spectre.Console;

namespace ImageSaga.Cli.Commands;

/// <summary>
/// <c>publish &lt;file&gt;</c>: what the README describes by hand, in one step: copy the photo into the image store and
/// publish its claim check as plain JSON to the <c>image-uploads</c> exchange, straight to RabbitMQ, no API involved.
/// </summary>
public static class PublishCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file");
        var store = new Option<DirectoryInfo>("--store") { Description = "The image store root (<DataFolder>/images)", Required = true };
        var rabbit = new Option<string>("--rabbitmq")
        {
            Description = "amqp://user:password@host:port/vhost (default: $IMAGESAGA_RABBITMQ)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("IMAGESAGA_RABBITMQ") is { Length: > 0 } uri ? uri : "amqp://guest:guest@localhost:5672/",
        };
        var user = new Option<string>("--user") { DefaultValueFactory = _ => "local" };
        var command = new Command("publish", "Store a photo and publish ImageUploaded to RabbitMQ directly") { file, store, rabbit, user };
        command.SetAction(async (parse, ct) =>
        {
            var source = parse.GetValue(file)!;
            if (!source.Exists)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(source.FullName)} does not exist.[/]");
                return 2;
            }

            var imageId = Guid.NewGuid();
            var key = $"uploads/{imageId:N}{source.Extension.ToLowerInvariant()}";
            var target = Path.Combine(parse.GetValue(store)!.FullName, key);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var bytes = await File.ReadAllBytesAsync(source.FullName, ct);
            await File.WriteAllBytesAsync(target, bytes, ct);

            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                imageId,
                userId = parse.GetValue(user),
                storageKey = key,
                sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
                originalFileName = source.Name,
            });
            var factory = new ConnectionFactory { Uri = new Uri(parse.GetValue(rabbit)!) };
            await using var connection = await factory.CreateConnectionAsync(ct);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            await channel.BasicPublishAsync("image-uploads", "", mandatory: false, new BasicProperties { ContentType = "application/json", Persistent = true },
                body, ct);
            AnsiConsole.MarkupLine($"Published {Markup.Escape(source.Name)} as image {imageId}.");
            Console.WriteLine(imageId);
            return 0;
        });
        return command;
    }
}
