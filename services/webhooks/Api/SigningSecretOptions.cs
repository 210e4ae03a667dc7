namespace CodeTether.Webhooks.Api;

/// <summary><c>Webhooks:SigningSecret</c>.</summary>
public class SigningSecretOptions
{
    public const string Section = "Webhooks:SigningSecret";

    /// <summary>How long after a rotation deliveries are also signed with the replaced secret.</summary>
    public TimeSpan RotationGracePeriod { get; set; } = TimeSpan.FromHours(24);
}
