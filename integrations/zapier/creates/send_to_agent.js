'use strict';

const { pick } = require('../lib/api');
const fields = require('../lib/fields');

const perform = async (z, bundle) => {
  const body = pick(bundle.inputData, [
    'agent_name', 'message', 'conversation_id', 'codebase_id', 'priority', 'deadline_seconds', 'notify_email', 'model',
  ]);
  return (await z.request({ method: 'POST', url: '/v1/agents/send', body })).data;
};

module.exports = {
  key: 'send_to_agent',
  noun: 'Message',
  display: {
    label: 'Send to Specific Agent',
    description: 'Sends a message to a named agent. The task waits until that agent is available.',
  },
  operation: {
    inputFields: [
      { key: 'agent_name', label: 'Agent Name', type: 'string', required: true, helpText: 'The agent, from Find Agent.' },
      { key: 'message', label: 'Message', type: 'text', required: true },
      fields.conversationId,
      { ...fields.codebaseId, helpText: 'A codebase of that agent, from Find Codebase.' },
      fields.priority,
      {
        key: 'deadline_seconds',
        label: 'Deadline (Seconds)',
        type: 'integer',
        required: false,
        helpText: 'Fail the task if the agent has not started it within this many seconds.',
      },
      fields.notifyEmail,
      fields.model,
    ],
    perform,
    sample: {
      task_id: '0b9d3a52-5f0e-4c57-9c1e-3b1f0f6a2d10',
      run_id: '6f1c2e7a-1d2b-4c3d-8e9f-0a1b2c3d4e5f',
      status: 'queued',
      title: 'Review PR #42: Add exports',
      agent_name: 'codetether-reviewer',
      deadline_seconds: 600,
      conversation_id: null,
      created_at: '2026-02-10T12:00:00Z',
    },
    outputFields: [
      { key: 'task_id', label: 'Task ID', type: 'string' },
      { key: 'run_id', label: 'Run ID', type: 'string' },
      { key: 'status', label: 'Status', type: 'string' },
      { key: 'title', label: 'Title', type: 'string' },
      { key: 'agent_name', label: 'Agent Name', type: 'string' },
      { key: 'deadline_seconds', label: 'Deadline (Seconds)', type: 'number' },
      { key: 'conversation_id', label: 'Conversation ID', type: 'string' },
      { key: 'created_at', label: 'Created At', type: 'datetime' },
    ],
  },
};
