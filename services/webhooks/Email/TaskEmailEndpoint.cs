namespace CodeTether.Webhooks.Email;

public static class TaskEmailEndpoint
{
    public const string Name = "send-task-email";
    public static readonly Uri Address = new($"queue:{Name}");
}
