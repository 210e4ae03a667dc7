using System.Text.Json.Nodes;

namespace CodeTether.Tests.EndToEnd.N8n;

/// <summary>Builds small n8n workflows out of CodeTether nodes, as the editor would save them.</summary>
public static class N8nWorkflows
{
    public static JsonObject Chain(string name, params JsonObject[] nodes)
    {
        var workflow = Workflow(name, [ManualTrigger(), .. nodes]);
        var all = workflow["nodes"]!.AsArray();
        for (var i = 0; i + 1 < all.Count; i++)
            Connect(workflow, all[i]!["name"]!.GetValue<string>(), all[i + 1]!["name"]!.GetValue<string>());
        return workflow;
    }

    public static JsonObject Workflow(string name, IEnumerable<JsonObject> nodes)
    {
        var workflow = new JsonObject
        {
            ["name"] = name,
            ["nodes"] = new JsonArray(),
            ["connections"] = new JsonObject(),
            ["active"] = false,
            ["settings"] = new JsonObject { ["executionOrder"] = "v1" },
        };
        foreach (var node in nodes)
            Add(workflow, node);
        return workflow;
    }

    /// <summary>Adds the node to the right of the others; connect it with <see cref="Connect"/>.</summary>
    public static void Add(JsonObject workflow, JsonObject node)
    {
        var nodes = workflow["nodes"]!.AsArray();
        node["id"] = Guid.NewGuid().ToString();
        node["position"] = new JsonArray(nodes.Count * 220, 0);
        nodes.Add(node);
    }

    public static void Connect(JsonObject workflow, string from, string to, int output = 0)
    {
        var connections = workflow["connections"]!.AsObject();
        if (connections[from] is not JsonObject source)
            connections[from] = source = new JsonObject { ["main"] = new JsonArray() };
        var outputs = source["main"]!.AsArray();
        while (outputs.Count <= output)
            outputs.Add(new JsonArray());
        outputs[output]!.AsArray().Add(new JsonObject { ["node"] = to, ["type"] = "main", ["index"] = 0 });
    }

    public static JsonObject ManualTrigger() => new()
    {
        ["name"] = "Start",
        ["type"] = "n8n-nodes-base.manualTrigger",
        ["typeVersion"] = 1,
        ["parameters"] = new JsonObject(),
    };

    /// <param name="continueOnError">n8n's "On Error: Continue": the error becomes the node's output item.</param>
    public static JsonObject CodeTetherNode(string name, string credentialId, JsonObject parameters, bool continueOnError = false)
    {
        var node = new JsonObject
        {
            ["name"] = name,
            ["type"] = N8nPackage.NodeType,
            ["typeVersion"] = 1,
            ["parameters"] = parameters,
            ["credentials"] = new JsonObject
            {
                [N8nPackage.CredentialType] = new JsonObject { ["id"] = credentialId, ["name"] = $"CodeTether {credentialId}" },
            },
        };
        if (continueOnError)
            node["onError"] = "continueRegularOutput";
        return node;
    }

    /// <summary>A Set node that outputs one item with <paramref name="count"/> numbers, then Split Out: that many items.</summary>
    public static JsonObject[] Items(int count) =>
    [
        new()
        {
            ["name"] = "Numbers",
            ["type"] = "n8n-nodes-base.set",
            ["typeVersion"] = 3.4,
            ["parameters"] = new JsonObject
            {
                ["mode"] = "raw",
                ["jsonOutput"] = new JsonObject { ["n"] = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)i).ToArray()) }.ToJsonString(),
                ["options"] = new JsonObject(),
            },
        },
        new()
        {
            ["name"] = "One Item Each",
            ["type"] = "n8n-nodes-base.splitOut",
            ["typeVersion"] = 1,
            ["parameters"] = new JsonObject { ["fieldToSplitOut"] = "n", ["options"] = new JsonObject() },
        },
    ];

    public static JsonObject NodeNamed(JsonObject workflow, string name) =>
        workflow["nodes"]!.AsArray().Single(n => n!["name"]!.GetValue<string>() == name)!.AsObject();
}
