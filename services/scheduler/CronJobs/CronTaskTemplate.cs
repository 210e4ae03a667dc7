using System.Text.Json;

namespace CodeTether.Scheduler.CronJobs;

/// <summary>
/// What each occurrence's task is made of. Given as text (the Zapier document's prompt: the first line, at most 200
/// characters, becomes the title and the whole text the description) or as an object with the task fields.
/// </summary>
public sealed record CronTaskTemplate(string Title, string? Description, string? AgentType, string? Model, int? Priority,
    string? CodebaseId, string? WebhookUrl)
{
    private static readonly string[] AgentTypes = ["general", "build", "plan", "explore"];
    private const int TitleLength = 200;

    public static CronTaskTemplate? TryParse(JsonElement? template, Dictionary<string, string[]> errors)
    {
        switch (template)
        {
            case { ValueKind: JsonValueKind.String } text when !string.IsNullOrWhiteSpace(text.GetString()):
                var prompt = text.GetString()!;
                return new CronTaskTemplate(TitleFrom(prompt), prompt, null, null, null, null, null);
            case { ValueKind: JsonValueKind.Object } fields:
                return FromObject(fields, errors);
            default:
                errors["task_template"] = ["A task template is required: the prompt as text, or an object with the task fields (title, description, agent_type, model, codebase_id, priority, webhook_url)."];
                return null;
        }
    }

    private static CronTaskTemplate? FromObject(JsonElement fields, Dictionary<string, string[]> errors)
    {
        var count = errors.Count;
        string? Text(string name)
        {
            if (!fields.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind == JsonValueKind.String)
                return value.GetString();
            errors[$"task_template.{name}"] = [$"'{name}' must be a string."];
            return null;
        }

        var title = Text("title")?.Trim();
        var description = Text("description");
        var agentType = Text("agent_type");
        var model = Text("model");
        var codebaseId = Text("codebase_id");
        var webhookUrl = Text("webhook_url");
        int? priority = null;
        if (fields.TryGetProperty("priority", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var value))
                priority = value;
            else
                errors["task_template.priority"] = ["'priority' must be an integer."];
        }

        if (string.IsNullOrEmpty(title))
        {
            if (string.IsNullOrWhiteSpace(description))
                errors["task_template.title"] = ["The template needs a title (or a description to take it from)."];
            else
                title = TitleFrom(description);
        }
        else if (title.Length > TitleLength)
            errors["task_template.title"] = [$"The title must be at most {TitleLength} characters."];
        if (agentType is not null && !AgentTypes.Contains(agentType))
            errors["task_template.agent_type"] = [$"Unknown agent type '{agentType}'. Use one of: {string.Join(", ", AgentTypes)}."];
        if (model is not null && (string.IsNullOrWhiteSpace(model) || model.Length > 200))
            errors["task_template.model"] = ["The model must be a model name or a provider:model reference."];
        if (webhookUrl is not null && !(Uri.TryCreate(webhookUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            errors["task_template.webhook_url"] = ["The webhook URL must be an absolute http or https URL."];

        return errors.Count > count ? null : new CronTaskTemplate(title!, description, agentType, model, priority, codebaseId, webhookUrl);
    }

    /// <summary>The first non-empty line, at most 200 characters.</summary>
    public static string TitleFrom(string text)
    {
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? text.Trim();
        return line.Length <= TitleLength ? line : line[..TitleLength];
    }
}
