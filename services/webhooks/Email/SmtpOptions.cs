using MailKit.Security;

namespace CodeTether.Webhooks.Email;

/// <summary><c>Webhooks:Smtp</c>. Without a <see cref="Host"/>, no e-mail is sent.</summary>
public class SmtpOptions
{
    public const string Section = "Webhooks:Smtp";
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>MailKit's <c>SecureSocketOptions</c>: <c>Auto</c>, <c>None</c>, <c>SslOnConnect</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "CodeTether <notifications@codetether.local>";
}
