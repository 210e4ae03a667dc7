using System.Diagnostics;
using System.Text.Json;
using CodeTether.Testing;
using CodeTether.Workers.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;

namespace CodeTether.Tests.Integration.Workers;

/// <summary>
/// One provider protocol end to end: the chat client the workers build for it, over HTTP, against a fake server that
/// speaks the provider's wire protocol, through the one retry policy.
/// </summary>
public abstract class ProviderProtocolTests : IAsyncLifetime
{
    protected const string Prompt = "Say hello to the tests";
    protected const string Question = "Which colour do you want?";
    protected const string ToolResult = "Blue, please";

    private static readonly AIFunctionDeclaration AskUser = AIFunctionFactory.CreateDeclaration("ask_user", "Ask the user a question.",
        JsonDocument.Parse("""{"type":"object","properties":{"question":{"type":"string"}},"required":["question"]}""").RootElement);

    private IHost host = null!;
    private Dictionary<string, string?> settings = null!;

    /// <summary>The provider's name in configuration, its protocol, and a model of it.</summary>
    protected abstract (string Provider, string Protocol, string Model) Target { get; }

    protected abstract Task<(Uri BaseUrl, string ApiKey)> StartFakeAsync();

    protected abstract ScriptedFailures Failures { get; }

    /// <summary>Scripts the fake model to ask <see cref="Question"/> through <c>ask_user</c> until the conversation holds a tool result.</summary>
    protected abstract void AskUntilAnswered();

    /// <summary>Asserts the last request carried the result of call <paramref name="callId"/> in the provider's format.</summary>
    protected abstract void AssertToolResultSent(string callId);

    protected abstract ValueTask StopFakeAsync();

    protected ChatClientProvider Models => host.Models();

    private IChatClient Client => Models.ClientFor(new ModelReference(Target.Provider, Target.Model));

    public async Task InitializeAsync()
    {
        var (baseUrl, apiKey) = await StartFakeAsync();
        settings = new Dictionary<string, string?>
        {
            [$"Models:Providers:{Target.Provider}:BaseUrl"] = baseUrl.ToString(),
            [$"Models:Providers:{Target.Provider}:ApiKey"] = apiKey,
            [$"Models:Providers:{Target.Provider}:Protocol"] = Target.Protocol,
        };
        host = ModelProviderHost.Build(settings);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
            await Task.Delay(20, deadline.Token);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await StopFakeAsync();
    }

    [Fact]
    public async Task A_plain_answer_comes_back_with_the_provider_s_token_counts()
    {
        var response = await Client.GetResponseAsync(Prompt);

        Assert.Equal($"Fake model answer to: {Prompt}", response.Text);
        Assert.Equal(5, response.Usage?.InputTokenCount);
        Assert.Equal(9, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task A_tool_call_goes_out_and_its_result_is_sent_back_in_the_provider_s_format()
    {
        AskUntilAnswered();
        var options = new ChatOptions { Tools = [AskUser] };
        List<ChatMessage> conversation = [new(ChatRole.User, Prompt)];

        var asked = await Client.GetResponseAsync(conversation, options);

        var call = Assert.Single(asked.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("ask_user", call.Name);
        Assert.Equal(Question, call.Arguments?["question"]?.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, asked.FinishReason);

        conversation.AddRange(asked.Messages);
        conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, ToolResult)]));
        var answered = await Client.GetResponseAsync(conversation, options);

        AssertToolResultSent(call.CallId);
        Assert.Empty(answered.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.StartsWith("Fake model answer to:", answered.Text);
    }

    [Fact]
    public async Task A_rate_limit_is_retried_after_the_wait_the_provider_asks_for()
    {
        Failures.Fail(429, "Rate limit reached, slow down", retryAfter: TimeSpan.FromSeconds(1));

        var response = await Client.GetResponseAsync(Prompt);

        Assert.Equal($"Fake model answer to: {Prompt}", response.Text);
        var arrivals = Failures.Arrivals.ToArray();
        Assert.Equal(2, arrivals.Length);
        // The back-off alone is about 10 ms here: a second or more is Retry-After's doing.
        Assert.True(Stopwatch.GetElapsedTime(arrivals[0], arrivals[1]) >= TimeSpan.FromMilliseconds(950),
            $"retried after {Stopwatch.GetElapsedTime(arrivals[0], arrivals[1])}");
    }

    [Fact]
    public async Task A_server_error_on_every_attempt_fails_after_the_last_with_the_provider_s_status_and_message()
    {
        Failures.Fail(500, "The engine room is on fire", times: 10);

        var error = await Assert.ThrowsAsync<ModelProviderException>(() => Client.GetResponseAsync(Prompt));

        Assert.Equal(500, error.Status);
        Assert.Equal("The model provider answered 500 (Internal Server Error): The engine room is on fire", error.Message);
        Assert.Equal(ModelProviderHost.MaxAttempts, Failures.Arrivals.Count);
    }

    [Fact]
    public async Task A_streamed_call_fails_the_same_way()
    {
        Failures.Fail(503, "Back in five minutes", times: 10);

        var error = await Assert.ThrowsAsync<ModelProviderException>(async () =>
        {
            await foreach (var _ in Client.GetStreamingResponseAsync(Prompt))
            {
            }
        });

        Assert.Equal("The model provider answered 503 (Service Unavailable): Back in five minutes", error.Message);
        Assert.Equal(ModelProviderHost.MaxAttempts, Failures.Arrivals.Count);
    }

    [Fact]
    public async Task A_refused_request_is_not_retried()
    {
        Failures.Fail(400, "max_tokens: too large", times: 10);

        var error = await Assert.ThrowsAsync<ModelProviderException>(() => Client.GetResponseAsync(Prompt));

        Assert.Equal(400, error.Status);
        Assert.Contains("max_tokens: too large", error.Message);
        Assert.Single(Failures.Arrivals);
    }

    [Fact]
    public async Task Cancelling_the_call_stops_it_at_once_and_is_not_retried()
    {
        Failures.Stall();
        using var cancel = new CancellationTokenSource();

        var call = Client.GetResponseAsync(Prompt, cancellationToken: cancel.Token);
        await WaitUntilAsync(() => Failures.Arrivals.Count == 1);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(Failures.Arrivals);
    }

    [Fact]
    public async Task An_attempt_that_gets_no_answer_is_timed_out_and_tried_again()
    {
        using var impatient = ModelProviderHost.Build(settings, attemptTimeout: TimeSpan.FromSeconds(2));
        Failures.Stall();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var response = await impatient.Models().ClientFor(new ModelReference(Target.Provider, Target.Model))
            .GetResponseAsync(Prompt, cancellationToken: giveUp.Token);

        Assert.Equal($"Fake model answer to: {Prompt}", response.Text);
        // Two, unless the machine is so busy that a later attempt outlasted its two seconds too.
        Assert.InRange(Failures.Arrivals.Count, 2, ModelProviderHost.MaxAttempts);
    }
}
