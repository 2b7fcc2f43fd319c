using System.Text.Json;
using System.Text.RegularExpressions;

namespace ImageSaga.Deployment.Tests.Infrastructure;

/// <summary>
/// deploy/provisioning: the RabbitMQ definitions template (users, virtual host, permissions) and the PostgreSQL roles
/// script, which docker-compose.yml and the dev overlay both use.
/// </summary>
static class Provisioning
{
    public static string Folder => RepositoryRoot.Combine("deploy", "provisioning");

    public static string DefinitionsTemplatePath => Path.Combine(Folder, "rabbitmq", "definitions.template.json");

    public static string RolesScriptPath => Path.Combine(Folder, "postgres", "create-roles.sql");

    public static JsonElement Definitions => JsonDocument.Parse(File.ReadAllText(DefinitionsTemplatePath)).RootElement.Clone();

    /// <summary>A user of the template by its placeholder, e.g. <c>${RABBITMQ_USER}</c>.</summary>
    public static JsonElement User(string placeholder) =>
        Definitions.GetProperty("users").EnumerateArray().Single(user => user.GetProperty("name").GetString() == placeholder);

    public static IReadOnlyList<string> Tags(JsonElement user) =>
        [.. user.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()!)];

    public static IReadOnlyList<JsonElement> Permissions(string placeholder) =>
        [.. Definitions.GetProperty("permissions").EnumerateArray().Where(permission => permission.GetProperty("user").GetString() == placeholder)];

    /// <summary>The roles script's statements (ended by ';' or psql's \gexec), comments dropped, whitespace collapsed.</summary>
    public static IReadOnlyList<string> RoleStatements =>
    [
        .. Regex.Split(string.Join('\n', File.ReadLines(RolesScriptPath).Select(line => line.Split("--")[0])), @";\s*(?:\n|$)|\\gexec")
            .Select(statement => string.Join(' ', statement.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)))
            .Where(statement => statement.Length > 0),
    ];
}
