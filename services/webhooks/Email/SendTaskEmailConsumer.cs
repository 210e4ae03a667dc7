using CodeTether.Webhooks.Data;
using MailKit.Net.Smtp;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CodeTether.Webhooks.Email;

/// <summary>
/// Sends the task's notification through the configured SMTP server. A failure throws, so the endpoint's retries and
/// scheduled redelivery try again; the inbox keeps a redelivered message from mailing twice.
/// </summary>
public sealed class SendTaskEmailConsumer(WebhooksDbContext db, IOptions<SmtpOptions> options, ILogger<SendTaskEmailConsumer> logger)
    : IConsumer<SendTaskEmail>
{
    public async Task Consume(ConsumeContext<SendTaskEmail> context)
    {
        var smtp = options.Value;
        var message = context.Message;
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.TaskId == message.TaskId, context.CancellationToken);
        if (task?.NotifyEmail is null)
            return;
        if (string.IsNullOrEmpty(smtp.Host))
        {
            logger.LogWarning("Task {TaskId} asked for an e-mail to {Address}, but Webhooks:Smtp:Host is not set", task.TaskId, task.NotifyEmail);
            return;
        }

        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(smtp.From));
        mail.To.Add(MailboxAddress.Parse(task.NotifyEmail));
        mail.Subject = $"Task {message.Status}: {task.Title}";
        mail.Body = new TextPart("plain")
        {
            Text = $"""
                Your CodeTether task "{task.Title}" is {message.Status}.

                Task: {task.TaskId}
                Run: {task.RunId}
                {(message.Status == "completed" ? "Completed" : "Failed")} at: {message.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC

                {(message.Status == "completed" ? "Result" : "Error")}:
                {message.Text}
                """,
        };

        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, context.CancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", context.CancellationToken);
        await client.SendAsync(mail, context.CancellationToken);
        await client.DisconnectAsync(quit: true, context.CancellationToken);
    }
}
