'use strict';

const perform = async (z, bundle) => {
  const { name } = bundle.inputData;
  const response = await z.request({ url: '/v1/agents', params: name ? { name } : {} });
  return response.data.agents.map((agent) => ({ id: agent.name, ...agent }));
};

module.exports = {
  key: 'find_agent',
  noun: 'Agent',
  display: { label: 'Find Agent', description: 'Finds registered worker agents, by name (a part of it).' },
  operation: {
    inputFields: [{ key: 'name', label: 'Name', type: 'string', required: false, helpText: 'A part of the name; leave empty for any agent.' }],
    perform,
    sample: {
      id: 'codetether-reviewer',
      name: 'codetether-reviewer',
      description: 'Reviews pull requests',
      url: 'http://10.0.0.5:5102',
      streaming: false,
      models_supported: 'anthropic:claude-sonnet-4,openai:gpt-4o',
      last_seen: '2026-02-10T12:00:00Z',
      status: 'online',
      capacity: 4,
      running: 1,
      workers: 1,
    },
    outputFields: [
      { key: 'name', label: 'Name', type: 'string' },
      { key: 'description', label: 'Description', type: 'string' },
      { key: 'url', label: 'URL', type: 'string' },
      { key: 'streaming', label: 'Streaming', type: 'boolean' },
      { key: 'models_supported', label: 'Models Supported', type: 'string' },
      { key: 'last_seen', label: 'Last Seen', type: 'datetime' },
      { key: 'status', label: 'Status (online, offline)', type: 'string' },
    ],
  },
};
