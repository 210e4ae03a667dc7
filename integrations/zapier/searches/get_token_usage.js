'use strict';

const { pick } = require('../lib/api');

const perform = async (z, bundle) => {
  const response = await z.request({ url: '/v1/billing/usage', params: pick(bundle.inputData, ['month']) });
  return [{ id: response.data.month, ...response.data }];
};

module.exports = {
  key: 'get_token_usage',
  noun: 'Token Usage',
  display: { label: 'Get Token Usage', description: "Gets a month's token usage and costs, and the spending limit." },
  operation: {
    inputFields: [{ key: 'month', label: 'Month', type: 'string', required: false, helpText: 'YYYY-MM, such as `2026-02`. Default: this month (UTC).' }],
    perform,
    sample: {
      id: '2026-02',
      month: '2026-02',
      total_tokens: 152340,
      input_tokens: 120000,
      output_tokens: 32340,
      total_cost: 1.23,
      total_requests: 42,
      budget_remaining: 48.77,
      spending_limit: 50,
      spending_limit_reached: false,
    },
    outputFields: [
      { key: 'total_tokens', label: 'Total Tokens', type: 'number' },
      { key: 'input_tokens', label: 'Input Tokens', type: 'number' },
      { key: 'output_tokens', label: 'Output Tokens', type: 'number' },
      { key: 'total_cost', label: 'Total Cost (USD)', type: 'number' },
      { key: 'total_requests', label: 'Total Requests', type: 'number' },
      { key: 'budget_remaining', label: 'Budget Remaining (USD)', type: 'number' },
      { key: 'spending_limit', label: 'Spending Limit (USD)', type: 'number' },
      { key: 'month', label: 'Month', type: 'string' },
    ],
  },
};
