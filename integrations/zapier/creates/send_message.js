'use strict';

const { compact, throwProblem } = require('../lib/api');
const fields = require('../lib/fields');

// POST /v1/messages waits up to 25 s for the agent, less than Zapier's 30 s for a step. When the agent takes longer
// the API answers 504 with the task, which goes on: the step then gives the task's id and status (no response yet)
// rather than failing, so the Zap keeps the task. A failed or cancelled task fails the step.
const perform = async (z, bundle) => {
  const { message, conversation_id, model } = bundle.inputData;
  const response = await z.request({
    method: 'POST',
    url: '/v1/messages',
    body: compact({ message, conversation_id, model }),
    skipThrowForStatus: true,
  });
  if (response.status === 504 && response.data && response.data.task_id) {
    const task = (await z.request({ url: `/v1/automation/tasks/${response.data.task_id}` })).data;
    return { task_id: task.task_id, conversation_id: response.data.conversation_id, status: task.status, response: null, question: task.question };
  }
  throwProblem(z, response);
  return response.data;
};

module.exports = {
  key: 'send_message',
  noun: 'Message',
  display: {
    label: 'Send Message',
    description: "Sends a message to an AI agent and waits for its response (up to 25 seconds; longer work: Send Async Message).",
  },
  operation: {
    inputFields: [{ key: 'message', label: 'Message', type: 'text', required: true }, fields.messageConversationId, fields.model],
    perform,
    sample: {
      task_id: '0b9d3a52-5f0e-4c57-9c1e-3b1f0f6a2d10',
      conversation_id: 'conv_4f1a2b3c',
      status: 'completed',
      response: 'Here is the summary you asked for.',
      question: null,
    },
    outputFields: [
      { key: 'response', label: 'Response', type: 'string' },
      { key: 'task_id', label: 'Task ID', type: 'string' },
      { key: 'conversation_id', label: 'Conversation ID', type: 'string' },
      { key: 'status', label: 'Status (completed, needs_input, or queued/running when the agent takes longer)', type: 'string' },
      { key: 'question', label: "The Agent's Question (status needs_input)", type: 'string' },
    ],
  },
};
