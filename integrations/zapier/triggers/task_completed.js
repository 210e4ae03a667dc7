'use strict';

const hookTrigger = require('../lib/hookTrigger');
const { completedTask } = require('../lib/tasks');

module.exports = hookTrigger({
  key: 'task_completed',
  noun: 'Task',
  display: { label: 'Task Completed', description: 'Triggers when a task finishes successfully.' },
  event: 'task.completed',
  status: 'completed',
  shape: completedTask,
  sample: {
    id: '0b9d3a52-5f0e-4c57-9c1e-3b1f0f6a2d10',
    task_id: '0b9d3a52-5f0e-4c57-9c1e-3b1f0f6a2d10',
    run_id: '6f1c2e7a-1d2b-4c3d-8e9f-0a1b2c3d4e5f',
    title: 'Analyze customer feedback',
    result: 'Customers mostly ask for faster exports.',
    model: 'claude-sonnet-4',
    completed_at: '2026-02-10T12:02:25Z',
  },
  outputFields: [
    { key: 'task_id', label: 'Task ID', type: 'string' },
    { key: 'title', label: 'Title', type: 'string' },
    { key: 'result', label: 'Result', type: 'string' },
    { key: 'model', label: 'Model', type: 'string' },
    { key: 'completed_at', label: 'Completed At', type: 'datetime' },
    { key: 'run_id', label: 'Run ID', type: 'string' },
  ],
});
