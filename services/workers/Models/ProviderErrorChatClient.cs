using System.ClientModel;
using System.Runtime.CompilerServices;
using Anthropic.Exceptions;
using Microsoft.Extensions.AI;
using Polly.Timeout;

namespace CodeTether.Workers.Models;

/// <summary>
/// Gives every protocol the same failure: the OpenAI SDK's, the Anthropic SDK's and the transport's exceptions become a
/// <see cref="ModelProviderException"/> with the provider's status and own message. Cancellation by the caller passes
/// through untouched.
/// </summary>
public sealed class ProviderErrorChatClient(IChatClient inner, TimeSpan attemptTimeout) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception e) when (Translate(e) is { } failure)
        {
            throw failure;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync())
                    yield break;
            }
            catch (Exception e) when (Translate(e) is { } failure)
            {
                throw failure;
            }
            yield return updates.Current;
        }
    }

    private ModelProviderException? Translate(Exception error) => error switch
    {
        ModelProviderException or OperationCanceledException => null,
        ClientResultException { Status: > 0 } answered => ModelProviderException.Answered(answered.Status, answered.GetRawResponse()?.Content.ToString(), error),
        AnthropicApiException answered => ModelProviderException.Answered((int)answered.StatusCode, answered.ResponseBody, error),
        _ when Cause<TimeoutRejectedException>(error) is not null => ModelProviderException.TimedOut(attemptTimeout, error),
        _ when Cause<HttpRequestException>(error) is { } unreachable => ModelProviderException.Unreachable(unreachable),
        _ => null,
    };

    private static T? Cause<T>(Exception? error) where T : Exception
    {
        for (; error is not null; error = error.InnerException)
            if (error is T cause)
                return cause;
        return null;
    }
}
