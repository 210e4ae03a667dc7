namespace CodeTether.Contracts.Tasks;

/// <summary>One earlier message of a conversation: <c>user</c> or <c>assistant</c>, and what was said.</summary>
public record ConversationMessage(string Role, string Content)
{
    public const string User = "user";
    public const string Assistant = "assistant";
}
