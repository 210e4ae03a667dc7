namespace CodeTether.Tasks.Messages;

/// <summary><c>Messages:…</c></summary>
public sealed class MessageSettings
{
    public const string Section = "Messages";

    /// <summary>
    /// How long <c>POST /v1/messages</c> waits for the agent before answering 504 (the task goes on). Below Zapier's
    /// 30 s action limit, and it must stay below the gateway's proxy timeout (YARP's activity timeout, 100 s).
    /// </summary>
    public int SyncWaitSeconds { get; set; } = 25;
}
