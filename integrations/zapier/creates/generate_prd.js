'use strict';

const { compact } = require('../lib/api');
const fields = require('../lib/fields');

const perform = async (z, bundle) => {
  const { message, conversation_id, codebase_id, model } = bundle.inputData;
  return (await z.request({ method: 'POST', url: '/v1/prd/chat', body: compact({ message, conversation_id, codebase_id, model }) })).data;
};

module.exports = {
  key: 'generate_prd',
  noun: 'PRD',
  display: {
    label: 'Generate PRD via Chat',
    description: 'Chats with AI to write a Product Requirements Document with user stories. Continue with the conversation ID to refine it.',
  },
  operation: {
    inputFields: [
      { key: 'message', label: 'Message', type: 'text', required: true, helpText: "Describe your project, or answer the AI's questions." },
      { ...fields.conversationId, helpText: 'Continue an earlier PRD chat: its conversation ID.' },
      { ...fields.codebaseId, helpText: 'The codebase the PRD is for, from Find Codebase.' },
      fields.model,
    ],
    perform,
    sample: {
      conversation_id: 'conv_4f1a2b3c',
      task_id: '0b9d3a52-5f0e-4c57-9c1e-3b1f0f6a2d10',
      status: 'completed',
      response: 'Here is the PRD for CSV exports…',
      has_prd: true,
      prd_json:
        '{"project":"Exports","branchName":"ralph/exports","description":"CSV exports for reports","userStories":[{"id":"US-001","title":"Export a report as CSV","description":"As a user I can download a report as CSV","acceptanceCriteria":["The file opens in a spreadsheet"],"priority":1}]}',
    },
    outputFields: [
      { key: 'conversation_id', label: 'Conversation ID', type: 'string' },
      { key: 'response', label: 'Response', type: 'string' },
      { key: 'has_prd', label: 'Has PRD', type: 'boolean' },
      { key: 'prd_json', label: 'PRD JSON', type: 'string' },
      { key: 'task_id', label: 'Task ID', type: 'string' },
    ],
  },
};
