'use strict';

const { pick } = require('../lib/api');

const perform = async (z, bundle) => {
  const body = pick(bundle.inputData, ['name', 'cron_expression', 'task_template', 'description', 'timezone']);
  // Zapier may hand a boolean field over as text ("true", "no", ...); the API wants a JSON boolean.
  const enabled = bundle.inputData.enabled;
  if (enabled !== undefined && enabled !== null && enabled !== '') {
    body.enabled = !['false', 'no', 'off', '0'].includes(String(enabled).trim().toLowerCase());
  }
  return (await z.request({ method: 'POST', url: '/v1/cronjobs', body })).data;
};

module.exports = {
  key: 'create_cronjob',
  noun: 'Cron Job',
  display: { label: 'Create Cron Job', description: 'Creates a scheduled cron job that creates a task on a recurring schedule.' },
  operation: {
    inputFields: [
      { key: 'name', label: 'Name', type: 'string', required: true },
      {
        key: 'cron_expression',
        label: 'Cron Expression',
        type: 'string',
        required: true,
        helpText: 'Standard cron: minute hour day-of-month month day-of-week, such as `0 9 * * 1-5` (9:00 on weekdays).',
      },
      { key: 'task_template', label: 'Task Template', type: 'text', required: true, helpText: 'The prompt of the task each run creates; its first line is the title.' },
      { key: 'description', label: 'Description', type: 'text', required: false },
      { key: 'timezone', label: 'Time Zone', type: 'string', required: false, helpText: 'An IANA time zone such as `America/New_York`. Default: UTC.' },
      { key: 'enabled', label: 'Enabled', type: 'boolean', required: false, default: 'true' },
    ],
    perform,
    sample: {
      id: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      cronjob_id: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      name: 'Daily Code Review',
      description: null,
      cron_expression: '0 9 * * 1-5',
      timezone: 'America/New_York',
      task_template: 'Review all PRs merged in the last 24 hours',
      enabled: true,
      next_fire_at: '2026-02-11T14:00:00Z',
      last_run_at: null,
      last_run_status: null,
      created_at: '2026-02-10T12:00:00Z',
      updated_at: '2026-02-10T12:00:00Z',
    },
    outputFields: [
      { key: 'id', label: 'Cron Job ID', type: 'string' },
      { key: 'name', label: 'Name', type: 'string' },
      { key: 'cron_expression', label: 'Cron Expression', type: 'string' },
      { key: 'timezone', label: 'Time Zone', type: 'string' },
      { key: 'enabled', label: 'Enabled', type: 'boolean' },
      { key: 'next_fire_at', label: 'Next Run At', type: 'datetime' },
      { key: 'created_at', label: 'Created At', type: 'datetime' },
    ],
  },
};
