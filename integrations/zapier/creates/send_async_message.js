'use strict';

const { pick } = require('../lib/api');
const fields = require('../lib/fields');

const perform = async (z, bundle) => {
  const body = pick(bundle.inputData, ['message', 'conversation_id', 'codebase_id', 'priority', 'notify_email', 'model', 'model_ref']);
  return (await z.request({ method: 'POST', url: '/v1/messages/async', body })).data;
};

module.exports = {
  key: 'send_async_message',
  noun: 'Message',
  display: {
    label: 'Send Async Message',
    description: 'Sends a message as a task that a worker picks up, and returns at once with the task ID. Best for long-running work.',
  },
  operation: {
    inputFields: [
      { key: 'message', label: 'Message', type: 'text', required: true, helpText: 'The message or prompt for the agent.' },
      fields.messageConversationId,
      fields.codebaseId,
      fields.priority,
      fields.notifyEmail,
      fields.model,
      { key: 'model_ref', label: 'Model Reference', type: 'string', required: false, helpText: 'A model as `provider:model` (from Find AI Models); wins over Model.' },
    ],
    perform,
    sample: {
      task_id: '0b9d3a52-5f0e-4c57-9c1e-3b1f0f6a2d10',
      conversation_id: 'conv_4f1a2b3c',
      status: 'queued',
      created_at: '2026-02-10T12:00:00Z',
    },
    outputFields: [
      { key: 'task_id', label: 'Task ID', type: 'string' },
      { key: 'conversation_id', label: 'Conversation ID', type: 'string' },
      { key: 'status', label: 'Status', type: 'string' },
      { key: 'created_at', label: 'Created At', type: 'datetime' },
    ],
  },
};
