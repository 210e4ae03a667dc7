'use strict';

// A task as the three triggers show it, from either source: a REST hook's payload (docs/webhooks.md, "Subscriptions")
// or a task of GET /v1/automation/tasks. `id` is the task's id: Zapier deduplicates on it, and each trigger's event
// happens once per task.
const newTask = (task) => ({
  id: task.task_id,
  task_id: task.task_id,
  run_id: task.run_id,
  title: task.title,
  status: task.status,
  priority: task.priority,
  codebase_id: task.codebase_id,
  agent_type: task.agent_type,
  model: task.model,
  created_at: task.created_at,
});

const completedTask = (task) => ({
  id: task.task_id,
  task_id: task.task_id,
  run_id: task.run_id,
  title: task.title,
  result: task.result,
  model: task.model,
  completed_at: task.completed_at,
});

// A failed task's last change is its failure: the hook's updated_at, or the task's completed_at (when it finished).
const failedTask = (task) => ({
  id: task.task_id,
  task_id: task.task_id,
  run_id: task.run_id,
  title: task.title,
  error: task.error,
  model: task.model,
  updated_at: task.updated_at || task.completed_at,
});

const STATUSES = ['queued', 'running', 'needs_input', 'completed', 'failed', 'cancelled'];

module.exports = { newTask, completedTask, failedTask, STATUSES };
