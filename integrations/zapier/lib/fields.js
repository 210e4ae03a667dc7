'use strict';

// Input fields several actions share.
const MODEL_HELP =
  'A model name such as `claude-sonnet-4`, `gpt-4o`, `gemini-2.5-pro` (find them with Find AI Models), or `provider:model`. Leave empty for the default.';

module.exports = {
  codebaseId: { key: 'codebase_id', label: 'Codebase ID', type: 'string', required: false, helpText: 'The codebase to work in, from Find Codebase.' },
  conversationId: {
    key: 'conversation_id',
    label: 'Conversation ID',
    type: 'string',
    required: false,
    helpText: "Continue a conversation: an earlier step's conversation ID, or any ID of your own (a Slack thread's timestamp, say).",
  },
  messageConversationId: {
    key: 'conversation_id',
    label: 'Conversation ID',
    type: 'string',
    required: false,
    helpText:
      "Continue a conversation: an earlier step's conversation ID, or any ID of your own (a Slack thread's timestamp, say). " +
      "If the agent asked a question in it, this message is the answer.",
  },
  priority: { key: 'priority', label: 'Priority', type: 'integer', required: false, helpText: 'Higher is more urgent. Default 0.' },
  model: { key: 'model', label: 'Model', type: 'string', required: false, helpText: MODEL_HELP },
  notifyEmail: { key: 'notify_email', label: 'Notify Email', type: 'string', required: false, helpText: 'An e-mail address told when the task completes or fails.' },
  agentType: {
    key: 'agent_type',
    label: 'Agent Type',
    type: 'string',
    required: false,
    choices: { general: 'General: converses', explore: 'Explore: reads the codebase', plan: 'Plan: reads the codebase and plans', build: 'Build: changes the codebase and runs commands' },
    helpText: 'Default: general.',
  },
};
