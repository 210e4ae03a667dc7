namespace CodeTether.Tasks.Submission;

/// <summary><c>Tasks:…</c>: what a new task may ask for, and what it gets when it does not say.</summary>
public sealed class TaskSettings
{
    public const string Section = "Tasks";

    /// <summary>The model of a task that names none.</summary>
    public string DefaultModel { get; set; } = "claude-sonnet-4";

    /// <summary>The friendly model names a task may use: <c>Models:Catalog</c>'s (models.json), as the workers know them.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>The providers a <c>provider:model</c> reference may name: <c>Models:Providers</c>', as the workers know them.</summary>
    public List<string> ModelProviders { get; set; } = [];

    public int DefaultTimeoutSeconds { get; set; } = 3600;

    /// <summary>At most RabbitMQ's consumer timeout (3 h, <c>infra/rabbitmq</c>): a longer run would be taken from its worker and redelivered.</summary>
    public int MaxTimeoutSeconds { get; set; } = 10800;

    /// <summary>How long an <c>Idempotency-Key</c> of <c>POST /v1/automation/tasks</c> is kept (at least; cleanup runs hourly).</summary>
    public int IdempotencyKeyRetentionHours { get; set; } = 24;

    public bool IsKnownModel(string model)
    {
        if (Models.Contains(model, StringComparer.OrdinalIgnoreCase))
            return true;
        var separator = model.IndexOf(':');
        return separator > 0 && separator < model.Length - 1 && ModelProviders.Contains(model[..separator], StringComparer.OrdinalIgnoreCase);
    }
}
