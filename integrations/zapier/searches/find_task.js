'use strict';

const { throwProblem } = require('../lib/api');
const { STATUSES } = require('../lib/tasks');

const SEARCH_LIMIT = 20;
const ALIASES = { pending: 'queued', working: 'running' };

// By id (an unknown one is "nothing found", as Zapier expects of a search), else the newest tasks, of a status if
// one is given (pending and working are the API's aliases of queued and running).
const perform = async (z, bundle) => {
  const { task_id, status } = bundle.inputData;
  if (task_id) {
    const response = await z.request({ url: `/v1/automation/tasks/${encodeURIComponent(task_id)}`, skipThrowForStatus: true });
    if (response.status === 404) return [];
    throwProblem(z, response);
    const task = response.data;
    return status && task.status !== (ALIASES[status] || status) ? [] : [{ id: task.task_id, ...task }];
  }
  const response = await z.request({ url: '/v1/automation/tasks', params: { ...(status ? { status } : {}), limit: SEARCH_LIMIT } });
  return response.data.tasks.map((task) => ({ id: task.task_id, ...task }));
};

module.exports = {
  key: 'find_task',
  noun: 'Task',
  display: { label: 'Find Task', description: 'Finds a task by ID, or the newest task with a status.' },
  operation: {
    inputFields: [
      { key: 'task_id', label: 'Task ID', type: 'string', required: false },
      { key: 'status', label: 'Status', type: 'string', required: false, choices: STATUSES },
    ],
    perform,
    sample: {
      id: '0b9d3a52-5f0e-4c57-9c1e-3b1f0f6a2d10',
      task_id: '0b9d3a52-5f0e-4c57-9c1e-3b1f0f6a2d10',
      run_id: '6f1c2e7a-1d2b-4c3d-8e9f-0a1b2c3d4e5f',
      status: 'completed',
      title: 'Analyze customer feedback',
      description: 'Summarize the feedback of this week',
      agent_type: 'general',
      model: 'claude-sonnet-4',
      priority: 0,
      codebase_id: null,
      created_at: '2026-02-10T12:00:00Z',
      started_at: '2026-02-10T12:00:01Z',
      completed_at: '2026-02-10T12:02:25Z',
      runtime_seconds: 144,
      result_summary: 'Customers mostly ask for faster exports.',
      result: 'Customers mostly ask for faster exports.',
      error: null,
      question: null,
    },
    outputFields: [
      { key: 'task_id', label: 'Task ID', type: 'string' },
      { key: 'status', label: 'Status', type: 'string' },
      { key: 'title', label: 'Title', type: 'string' },
      { key: 'result', label: 'Result', type: 'string' },
      { key: 'error', label: 'Error', type: 'string' },
      { key: 'model', label: 'Model', type: 'string' },
      { key: 'created_at', label: 'Created At', type: 'datetime' },
      { key: 'completed_at', label: 'Completed At', type: 'datetime' },
    ],
  },
};
