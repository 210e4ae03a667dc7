'use strict';

const { ralphRun, ralphRunSample } = require('../lib/ralph');

// Zapier takes a search's first result, so the list is one result: the runs as line items, with how many there are.
const perform = async (z, bundle) => {
  const { status, limit } = bundle.inputData;
  const response = await z.request({ url: '/v1/ralph/runs', params: { ...(status ? { status } : {}), limit: limit || 20 } });
  const runs = response.data.runs.map(ralphRun);
  if (runs.length === 0) return [];
  return [{ id: runs.map((run) => run.run_id).join(','), total: response.data.total, count: runs.length, runs }];
};

module.exports = {
  key: 'find_ralph_runs',
  noun: 'Ralph Runs',
  display: { label: 'Find Ralph Runs', description: 'Lists Ralph runs, newest first, optionally of one status.' },
  operation: {
    inputFields: [
      { key: 'status', label: 'Status', type: 'string', required: false, choices: ['pending', 'running', 'completed', 'failed', 'cancelled'] },
      { key: 'limit', label: 'Limit', type: 'integer', required: false, helpText: 'At most this many runs. Default 20.' },
    ],
    perform,
    sample: { id: ralphRunSample.run_id, total: 1, count: 1, runs: [ralphRunSample] },
    outputFields: [
      { key: 'total', label: 'Runs Matching', type: 'number' },
      { key: 'count', label: 'Runs Returned', type: 'number' },
      { key: 'runs[]run_id', label: 'Run IDs', type: 'string' },
      { key: 'runs[]status', label: 'Run Statuses', type: 'string' },
      { key: 'runs[]project', label: 'Projects', type: 'string' },
    ],
  },
};
