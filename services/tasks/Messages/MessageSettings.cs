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

    /// <summary>
    /// How much of a conversation (characters of its latest messages) a task of it carries to the model: about 50 000
    /// tokens, which leaves most of a 128 000-token context to the prompt, tools and answer.
    /// </summary>
    public int MaxHistoryCharacters { get; set; } = 200_000;
}
