'use strict';

// The Zapier document's tables (shared/spec/zapier-integration.md, v1.2.0): each component's input fields (key and
// whether required) and, where the document lists them, its output fields with their types. The tests hold the app
// to them: its declared fields, and what it returns from the running platform.
const optional = (...keys) => Object.fromEntries(keys.map((key) => [key, false]));
const stories = Object.fromEntries(
  Array.from({ length: 10 }, (_, i) => ['id', 'title', 'description', 'criteria'].map((part) => [`story_${i + 1}_${part}`, false])).flat(),
);

module.exports = {
  version: '1.2.0',
  scopes: ['tasks:read', 'tasks:write', 'messages:write', 'codebases:read', 'agents:read', 'billing:read', 'cronjobs:write'],
  triggers: {
    new_task: {
      label: 'New Task',
      outputs: {
        task_id: 'string', title: 'string', status: 'string', priority: 'number', codebase_id: 'string', agent_type: 'string', created_at: 'datetime',
      },
    },
    task_completed: {
      label: 'Task Completed',
      outputs: { task_id: 'string', title: 'string', result: 'string', model: 'string', completed_at: 'datetime' },
    },
    task_failed: {
      label: 'Task Failed',
      outputs: { task_id: 'string', title: 'string', error: 'string', model: 'string', updated_at: 'datetime' },
    },
  },
  creates: {
    create_task: {
      label: 'Create Task',
      inputs: { title: true, ...optional('description', 'codebase_id', 'agent_type', 'model', 'priority') },
    },
    send_message: { label: 'Send Message', inputs: { message: true, ...optional('conversation_id') } },
    send_async_message: {
      label: 'Send Async Message',
      inputs: { message: true, ...optional('conversation_id', 'codebase_id', 'priority', 'notify_email', 'model', 'model_ref') },
    },
    send_to_agent: {
      label: 'Send to Specific Agent',
      inputs: { agent_name: true, message: true, ...optional('conversation_id', 'codebase_id', 'priority', 'deadline_seconds', 'notify_email', 'model') },
    },
    start_ralph_run: {
      label: 'Start Ralph Run',
      inputs: {
        ...optional('prd_json', 'project_name', 'branch_name', 'project_description'),
        ...stories,
        ...optional('codebase_id', 'model', 'max_iterations', 'run_mode'),
      },
    },
    cancel_task: { label: 'Cancel Task', inputs: { task_id: true } },
    cancel_ralph_run: { label: 'Cancel Ralph Run', inputs: { run_id: true } },
    create_cronjob: {
      label: 'Create Cron Job',
      inputs: { name: true, cron_expression: true, task_template: true, ...optional('description', 'timezone', 'enabled') },
    },
    generate_prd: {
      label: 'Generate PRD via Chat',
      inputs: { message: true, ...optional('conversation_id', 'codebase_id') },
      outputs: { conversation_id: 'string', response: 'string', has_prd: 'boolean', prd_json: 'string' },
    },
  },
  searches: {
    find_task: { label: 'Find Task', inputs: optional('task_id', 'status') },
    find_ralph_run: { label: 'Find Ralph Run', inputs: { run_id: true } },
    find_ralph_runs: { label: 'Find Ralph Runs', inputs: optional('status', 'limit') },
    find_agent: {
      label: 'Find Agent',
      inputs: optional('name'),
      outputs: { name: 'string', description: 'string', url: 'string', streaming: 'boolean', models_supported: 'string', last_seen: 'datetime' },
    },
    find_codebase: {
      label: 'Find Codebase',
      inputs: optional('name'),
      // "Output includes codebase ID, name, path, worker, and status."
      outputs: { id: 'string', name: 'string', path: 'string', worker: 'string', status: 'string' },
    },
    find_models: {
      label: 'Find AI Models',
      inputs: optional('provider', 'search'),
      outputs: { model_ref: 'string', name: 'string', provider: 'string', workers_available: 'number' },
    },
    get_token_usage: {
      label: 'Get Token Usage',
      inputs: optional('month'),
      outputs: {
        total_tokens: 'number', input_tokens: 'number', output_tokens: 'number', total_cost: 'number', total_requests: 'number',
        budget_remaining: 'number', spending_limit: 'number',
      },
    },
  },
};
