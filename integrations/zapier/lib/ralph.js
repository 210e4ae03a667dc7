'use strict';

// A Ralph run as GET /v1/ralph/runs/{id} answers it (status, progress, each story's attempts, commits, timing),
// with `id` for Zapier.
const ralphRun = (run) => ({ id: run.run_id, ...run });

const ralphRunSample = {
  id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
  run_id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
  status: 'running',
  project: 'Exports',
  branch_name: 'ralph/exports',
  description: 'CSV exports for reports',
  codebase_id: 'cb_0123456789abcdef0123',
  model: 'claude-sonnet-4',
  max_iterations: 10,
  run_mode: 'sequential',
  cancel_requested: false,
  progress: { passed: 1, failed: 0, total: 2, summary: '1/2' },
  stories: [
    {
      id: 'US-001',
      title: 'Export a report as CSV',
      status: 'passed',
      attempts: 1,
      commit_sha: '9fceb02d0ae598e95dc970b74767f19372d61af8',
    },
  ],
  commits: ['9fceb02d0ae598e95dc970b74767f19372d61af8'],
  created_at: '2026-02-10T12:00:00Z',
  started_at: '2026-02-10T12:00:01Z',
  completed_at: null,
  runtime_seconds: null,
};

const ralphRunOutputFields = [
  { key: 'run_id', label: 'Run ID', type: 'string' },
  { key: 'status', label: 'Status (pending, running, completed, failed, cancelled)', type: 'string' },
  { key: 'project', label: 'Project', type: 'string' },
  { key: 'branch_name', label: 'Branch Name', type: 'string' },
  { key: 'codebase_id', label: 'Codebase ID', type: 'string' },
  { key: 'progress__passed', label: 'Stories Passed', type: 'number' },
  { key: 'progress__total', label: 'Stories in All', type: 'number' },
  { key: 'progress__summary', label: 'Progress (passed/total)', type: 'string' },
  { key: 'cancel_requested', label: 'Cancel Requested', type: 'boolean' },
  { key: 'created_at', label: 'Created At', type: 'datetime' },
  { key: 'started_at', label: 'Started At', type: 'datetime' },
  { key: 'completed_at', label: 'Completed At', type: 'datetime' },
  { key: 'runtime_seconds', label: 'Runtime (Seconds)', type: 'number' },
];

module.exports = { ralphRun, ralphRunSample, ralphRunOutputFields };
