'use strict';

const hookTrigger = require('../lib/hookTrigger');
const { failedTask } = require('../lib/tasks');

module.exports = hookTrigger({
  key: 'task_failed',
  noun: 'Task',
  display: { label: 'Task Failed', description: 'Triggers when a task fails.' },
  event: 'task.failed',
  status: 'failed',
  shape: failedTask,
  sample: {
    id: '0b9d3a52-5f0e-4c57-9c1e-3b1f0f6a2d10',
    task_id: '0b9d3a52-5f0e-4c57-9c1e-3b1f0f6a2d10',
    run_id: '6f1c2e7a-1d2b-4c3d-8e9f-0a1b2c3d4e5f',
    title: 'Analyze customer feedback',
    error: 'The task did not finish within 3600 seconds.',
    model: 'claude-sonnet-4',
    updated_at: '2026-02-10T13:00:00Z',
  },
  outputFields: [
    { key: 'task_id', label: 'Task ID', type: 'string' },
    { key: 'title', label: 'Title', type: 'string' },
    { key: 'error', label: 'Error', type: 'string' },
    { key: 'model', label: 'Model', type: 'string' },
    { key: 'updated_at', label: 'Failed At', type: 'datetime' },
    { key: 'run_id', label: 'Run ID', type: 'string' },
  ],
});
