'use strict';

const { compact } = require('../lib/api');
const fields = require('../lib/fields');

const perform = async (z, bundle) => {
  const { title, description, codebase_id, agent_type, model, priority } = bundle.inputData;
  const response = await z.request({
    method: 'POST',
    url: '/v1/automation/tasks',
    body: compact({ title, description, codebase_id, agent_type, model, priority }),
  });
  return response.data;
};

module.exports = {
  key: 'create_task',
  noun: 'Task',
  display: { label: 'Create Task', description: 'Creates a new AI agent task in the queue.' },
  operation: {
    inputFields: [
      { key: 'title', label: 'Title', type: 'string', required: true },
      { key: 'description', label: 'Description', type: 'text', required: false, helpText: 'What the agent should do. Default: the title.' },
      { ...fields.codebaseId, helpText: 'The codebase to work in, from Find Codebase. Leave empty for none.' },
      fields.agentType,
      fields.model,
      fields.priority,
    ],
    perform,
    sample: {
      task_id: '0b9d3a52-5f0e-4c57-9c1e-3b1f0f6a2d10',
      run_id: '6f1c2e7a-1d2b-4c3d-8e9f-0a1b2c3d4e5f',
      status: 'queued',
      title: 'Analyze customer feedback',
      created_at: '2026-02-10T12:00:00Z',
    },
    outputFields: [
      { key: 'task_id', label: 'Task ID', type: 'string' },
      { key: 'run_id', label: 'Run ID', type: 'string' },
      { key: 'status', label: 'Status', type: 'string' },
      { key: 'title', label: 'Title', type: 'string' },
      { key: 'created_at', label: 'Created At', type: 'datetime' },
    ],
  },
};
