'use strict';

const hookTrigger = require('../lib/hookTrigger');
const { newTask } = require('../lib/tasks');

module.exports = hookTrigger({
  key: 'new_task',
  noun: 'Task',
  display: { label: 'New Task', description: 'Triggers when a new task is created in CodeTether.' },
  event: 'task.created',
  status: null,
  shape: newTask,
  sample: {
    id: '0b9d3a52-5f0e-4c57-9c1e-3b1f0f6a2d10',
    task_id: '0b9d3a52-5f0e-4c57-9c1e-3b1f0f6a2d10',
    run_id: '6f1c2e7a-1d2b-4c3d-8e9f-0a1b2c3d4e5f',
    title: 'Analyze customer feedback',
    status: 'queued',
    priority: 0,
    codebase_id: null,
    agent_type: 'general',
    model: 'claude-sonnet-4',
    created_at: '2026-02-10T12:00:00Z',
  },
  outputFields: [
    { key: 'task_id', label: 'Task ID', type: 'string' },
    { key: 'title', label: 'Title', type: 'string' },
    { key: 'status', label: 'Status (queued, running, needs_input, completed, failed, cancelled)', type: 'string' },
    { key: 'priority', label: 'Priority', type: 'number' },
    { key: 'codebase_id', label: 'Codebase ID', type: 'string' },
    { key: 'agent_type', label: 'Agent Type (build, plan, general, explore)', type: 'string' },
    { key: 'created_at', label: 'Created At', type: 'datetime' },
    { key: 'run_id', label: 'Run ID', type: 'string' },
    { key: 'model', label: 'Model', type: 'string' },
  ],
});
