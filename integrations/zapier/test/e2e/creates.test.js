'use strict';

const { App, appTester, connect, platformCodebase, finished } = require('./platform');

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/);

describe('actions', () => {
  let authData;
  let agentName;
  let codebaseId;
  beforeAll(async () => {
    authData = await connect();
    ({ codebaseId, agentName } = await platformCodebase(authData));
  });
  const run = (key, inputData) => appTester(App.creates[key].operation.perform, { authData, inputData });

  test('Create Task creates a task with every input field, and the agent runs it', async () => {
    const created = await run('create_task', {
      title: 'Zap: create task', description: 'Repeat: create task', codebase_id: codebaseId, agent_type: 'plan', model: 'simulator', priority: 5,
    });
    expect(created).toEqual({ task_id: expect.any(String), run_id: expect.any(String), status: 'queued', title: 'Zap: create task', created_at: ISO });
    const task = await finished(authData, created.task_id);
    expect(task).toMatchObject({ status: 'completed', description: 'Repeat: create task', codebase_id: codebaseId, agent_type: 'plan', model: 'simulator', priority: 5 });
  });

  test('Create Task leaves the API its defaults for fields Zapier sends empty', async () => {
    const created = await run('create_task', { title: 'Zap: defaults', description: '', codebase_id: '', agent_type: '', model: 'simulator', priority: '' });
    const [task] = await appTester(App.searches.find_task.operation.perform, { authData, inputData: { task_id: created.task_id } });
    expect(task).toMatchObject({ description: null, codebase_id: null, agent_type: 'general', priority: 0 });
  });

  test('Create Task shows the API\'s reason when it refuses', async () => {
    await expect(run('create_task', { title: 'Zap: bad', agent_type: 'wizard', model: 'simulator' })).rejects.toThrow(/agent_type/);
  });

  test('Send Message answers with the agent\'s response, and the conversation goes on', async () => {
    const first = await run('send_message', { message: 'Remember the word teal', model: 'simulator' });
    expect(first).toEqual({ task_id: expect.any(String), conversation_id: expect.any(String), status: 'completed', response: expect.stringContaining('teal'), question: null });
    const second = await run('send_message', { message: 'And the word plum', conversation_id: first.conversation_id, model: 'simulator' });
    expect(second).toMatchObject({ conversation_id: first.conversation_id, status: 'completed', response: expect.stringContaining('plum') });
    const thread = await appTester(async (z) => (await z.request({ url: '/v1/messages', params: { conversation_id: first.conversation_id } })).data, { authData });
    expect(thread.messages.map((m) => m.task_id)).toEqual(expect.arrayContaining([first.task_id, second.task_id]));
  });

  test('Send Message fails the step when the agent fails', async () => {
    await expect(run('send_message', { message: 'This model has no provider here', model: 'claude-haiku' })).rejects.toThrow(/task_id: /);
  });

  test('Send Async Message answers at once with the task, which then completes', async () => {
    const sent = await run('send_async_message', {
      message: 'Async: hello', conversation_id: `zap-${Date.now()}`, codebase_id: codebaseId, priority: 2, notify_email: 'ops@example.com', model: 'gpt-4o', model_ref: 'simulator:simulator',
    });
    expect(sent).toEqual({ task_id: expect.any(String), conversation_id: expect.stringMatching(/^zap-/), status: 'queued', created_at: ISO });
    const task = await finished(authData, sent.task_id);
    expect(task).toMatchObject({ status: 'completed', model: 'simulator:simulator', priority: 2, codebase_id: codebaseId, notify_email: 'ops@example.com' });
  });

  test('Send to Specific Agent queues a task only that agent runs, in the conversation', async () => {
    const conversation = `zap-agent-${Date.now()}`;
    const sent = await run('send_to_agent', {
      agent_name: agentName, message: 'Agent: hello\nmore', conversation_id: conversation, codebase_id: codebaseId, priority: 1, deadline_seconds: 600,
      notify_email: 'ops@example.com', model: 'simulator',
    });
    expect(sent).toMatchObject({ task_id: expect.any(String), status: 'queued', title: 'Agent: hello', agent_name: agentName, deadline_seconds: 600, conversation_id: conversation });
    const task = await finished(authData, sent.task_id);
    expect(task).toMatchObject({ status: 'completed', agent_name: agentName, codebase_id: codebaseId });
    const thread = await appTester(async (z) => (await z.request({ url: '/v1/messages', params: { conversation_id: conversation } })).data, { authData });
    expect(thread.messages.map((m) => m.task_id)).toContain(sent.task_id);
  });

  test('Cancel Task cancels a task that waits for its agent', async () => {
    const waiting = await run('send_to_agent', { agent_name: 'nobody-runs-this', message: 'Never started', model: 'simulator' });
    const cancelled = await run('cancel_task', { task_id: waiting.task_id });
    expect(cancelled).toMatchObject({ task_id: waiting.task_id, status: 'cancelled', title: 'Never started', completed_at: ISO });
    await expect(run('cancel_task', { task_id: waiting.task_id })).rejects.toThrow(/cancelled/);
  });

  test('Create Cron Job creates the schedule with every input field', async () => {
    const job = await run('create_cronjob', {
      name: 'Zap: daily review', cron_expression: '0 9 * * 1-5', task_template: 'Review all PRs merged in the last 24 hours',
      description: 'Weekday mornings', timezone: 'America/New_York', enabled: 'false',
    });
    expect(job).toMatchObject({
      id: expect.any(String), name: 'Zap: daily review', cron_expression: '0 9 * * 1-5', timezone: 'America/New_York',
      description: 'Weekday mornings', task_template: 'Review all PRs merged in the last 24 hours', enabled: false, next_fire_at: null,
    });
    // Enabled, but not due during the tests: its tasks would join the tenant's task list the triggers' tests read.
    const enabled = await run('create_cronjob', { name: 'Zap: new year', cron_expression: '0 9 1 1 *', task_template: 'Plan the year' });
    expect(enabled).toMatchObject({ enabled: true, timezone: 'UTC', next_fire_at: ISO });
    await expect(run('create_cronjob', { name: 'Zap: bad', cron_expression: 'every day', task_template: 'x' })).rejects.toThrow(/cron_expression/);
  });
});
