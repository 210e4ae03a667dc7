'use strict';

const perform = async (z, bundle) =>
  (await z.request({ method: 'DELETE', url: `/v1/automation/tasks/${encodeURIComponent(bundle.inputData.task_id)}` })).data;

module.exports = {
  key: 'cancel_task',
  noun: 'Task',
  display: { label: 'Cancel Task', description: 'Cancels a queued, running or waiting task. A running agent is stopped.' },
  operation: {
    inputFields: [{ key: 'task_id', label: 'Task ID', type: 'string', required: true }],
    perform,
    sample: {
      task_id: '0b9d3a52-5f0e-4c57-9c1e-3b1f0f6a2d10',
      run_id: '6f1c2e7a-1d2b-4c3d-8e9f-0a1b2c3d4e5f',
      status: 'cancelled',
      title: 'Analyze customer feedback',
      created_at: '2026-02-10T12:00:00Z',
      completed_at: '2026-02-10T12:01:00Z',
    },
    outputFields: [
      { key: 'task_id', label: 'Task ID', type: 'string' },
      { key: 'status', label: 'Status', type: 'string' },
      { key: 'title', label: 'Title', type: 'string' },
      { key: 'completed_at', label: 'Cancelled At', type: 'datetime' },
    ],
  },
};
