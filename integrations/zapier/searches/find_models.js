'use strict';

const { pick } = require('../lib/api');

const perform = async (z, bundle) => {
  const response = await z.request({ url: '/v1/models', params: pick(bundle.inputData, ['provider', 'search']) });
  return response.data.models.map((model) => ({ id: model.model_ref, ...model }));
};

module.exports = {
  key: 'find_models',
  noun: 'AI Model',
  display: { label: 'Find AI Models', description: 'Finds the AI models the registered workers offer.' },
  operation: {
    inputFields: [
      {
        key: 'provider',
        label: 'Provider',
        type: 'string',
        required: false,
        choices: ['anthropic', 'openai', 'google', 'openrouter', 'minimax', 'xai'],
      },
      { key: 'search', label: 'Search', type: 'string', required: false, helpText: 'A part of the model name.' },
    ],
    perform,
    sample: { id: 'anthropic:claude-sonnet-4', model_ref: 'anthropic:claude-sonnet-4', name: 'claude-sonnet-4', provider: 'anthropic', workers_available: 2 },
    outputFields: [
      { key: 'model_ref', label: 'Model Reference', type: 'string' },
      { key: 'name', label: 'Name', type: 'string' },
      { key: 'provider', label: 'Provider', type: 'string' },
      { key: 'workers_available', label: 'Workers Available', type: 'number' },
    ],
  },
};
