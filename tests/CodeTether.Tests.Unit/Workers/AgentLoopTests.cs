using CodeTether.Workers.Agents;
using CodeTether.Workers.Tools;
using Microsoft.Extensions.AI;

namespace CodeTether.Tests.Unit.Workers;

public class AgentLoopTests
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.User, "Go.")];
    /// <summary>The tokens of each reported call, read when it is reported (the function-invoking client adds later calls' usage into the first's).</summary>
    private readonly List<long> reported = [];

    private AgentLoop Loop(ScriptedModel model, int maxSteps = 10, long maxTokens = 1_000_000, TimeSpan? maxDuration = null) =>
        new(model, new AgentOptions { MaxSteps = maxSteps, MaxTokens = maxTokens, MaxDuration = maxDuration ?? TimeSpan.FromMinutes(5) }, response =>
        {
            reported.Add(response.Usage!.InputTokenCount!.Value + response.Usage.OutputTokenCount!.Value);
            return Task.CompletedTask;
        });

    private static ChatOptions With(params AITool[] tools) => new() { Tools = tools };

    private static ChatResponse Call(string tool, object? arguments = null) =>
        Reply(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent($"call-{Guid.NewGuid():N}", tool,
            arguments?.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(arguments)))]));

    private static ChatResponse Answer(string text) => Reply(new ChatMessage(ChatRole.Assistant, text));

    private static ChatResponse Reply(ChatMessage message) =>
        new(message) { Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5 } };

    [Fact]
    public async Task Tools_are_called_and_their_results_sent_back_until_the_model_answers_and_every_call_is_reported()
    {
        var echo = AIFunctionFactory.Create((string text) => $"echo: {text}", "echo");
        var model = new ScriptedModel((step, _) => step < 2 ? Call("echo", new { text = $"step {step}" }) : Answer("done"));

        var response = await Loop(model).RunAsync(Prompt, With(echo), CancellationToken.None);

        Assert.Equal("done", response.Messages.Last().Text);
        Assert.Equal(3, model.Calls.Count);
        Assert.Equal("echo: step 1", LastToolResult(model.Calls[2]));
        Assert.Equal([15, 15, 15], reported);
    }

    [Fact]
    public async Task A_tool_error_goes_back_to_the_model_as_the_result_and_the_loop_goes_on()
    {
        var failing = AIFunctionFactory.Create(string () => throw new ToolException("The path '../x' is outside the codebase."), "read_file");
        var model = new ScriptedModel((step, _) => step == 0 ? Call("read_file") : Answer("recovered"));

        var response = await Loop(model).RunAsync(Prompt, With(failing), CancellationToken.None);

        Assert.Equal("recovered", response.Messages.Last().Text);
        Assert.Equal("Error: The path '../x' is outside the codebase.", LastToolResult(model.Calls[1]));
    }

    [Fact]
    public async Task A_declared_tool_such_as_ask_user_ends_the_loop_with_the_call_uninvoked()
    {
        var askUser = AIFunctionFactory.CreateDeclaration("ask_user", "Ask.", AIFunctionFactory.Create((string question) => "").JsonSchema);
        var model = new ScriptedModel((_, _) => Call("ask_user", new { question = "Which one?" }));

        var response = await Loop(model).RunAsync(Prompt, With(askUser), CancellationToken.None);

        Assert.Single(model.Calls);
        Assert.Equal("ask_user", Assert.Single(response.Messages.Last().Contents.OfType<FunctionCallContent>()).Name);
    }

    [Fact]
    public async Task The_step_limit_stops_the_loop_after_that_many_model_calls_and_names_the_setting()
    {
        var model = new ScriptedModel((_, _) => Call("noop"));

        var error = await Assert.ThrowsAsync<AgentLimitExceededException>(() =>
            Loop(model, maxSteps: 4).RunAsync(Prompt, With(AIFunctionFactory.Create(() => "ok", "noop")), CancellationToken.None));

        Assert.Equal(4, model.Calls.Count);
        Assert.Equal(4, reported.Count);
        Assert.Equal("The agent reached its limit of 4 model calls (Agent:MaxSteps) before it finished.", error.Message);
    }

    [Fact]
    public async Task The_token_limit_stops_the_loop_once_the_calls_so_far_used_it_up()
    {
        var model = new ScriptedModel((_, _) => Call("noop"));

        var error = await Assert.ThrowsAsync<AgentLimitExceededException>(() =>
            Loop(model, maxTokens: 40).RunAsync(Prompt, With(AIFunctionFactory.Create(() => "ok", "noop")), CancellationToken.None));

        Assert.Equal(3, model.Calls.Count);
        Assert.Contains("used 45 tokens", error.Message);
        Assert.Contains("Agent:MaxTokens", error.Message);
    }

    [Fact]
    public async Task The_time_limit_stops_the_model_call_in_flight_and_names_the_setting()
    {
        var model = new ScriptedModel((_, _) => Answer("never"), untilCancelled: true);

        var error = await Assert.ThrowsAsync<AgentLimitExceededException>(() =>
            Loop(model, maxDuration: TimeSpan.FromMilliseconds(200)).RunAsync(Prompt, With(), CancellationToken.None));

        Assert.Contains("Agent:MaxDuration", error.Message);
    }

    [Fact]
    public async Task Stopping_the_run_cancels_it_rather_than_failing_it()
    {
        using var stop = new CancellationTokenSource();
        var model = new ScriptedModel((_, _) => Answer("never"), untilCancelled: true);

        var running = Loop(model).RunAsync(Prompt, With(), stop.Token);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    /// <summary>The text of the last tool result the model got: plain text, not a JSON value.</summary>
    private static string LastToolResult(IList<ChatMessage> request) =>
        Assert.IsType<string>(request.Last(m => m.Role == ChatRole.Tool).Contents.OfType<FunctionResultContent>().Single().Result);

    private sealed class ScriptedModel(Func<int, IList<ChatMessage>, ChatResponse> reply, bool untilCancelled = false) : IChatClient
    {
        public List<IList<ChatMessage>> Calls { get; } = [];

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default)
        {
            var request = messages.ToList();
            Calls.Add(request);
            if (untilCancelled)
                await Task.Delay(Timeout.Infinite, cancellationToken);
            return reply(Calls.Count - 1, request);
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}
