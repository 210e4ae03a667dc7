'use strict';

const { App, appTester, connect, finished, expectDocumentOutputs } = require('./platform');

describe('searches', () => {
  let authData;
  beforeAll(async () => {
    authData = await connect();
  });
  const search = (key, inputData) => appTester(App.searches[key].operation.perform, { authData, inputData });
  const createTask = (inputData) => appTester(App.creates.create_task.operation.perform, { authData, inputData });

  test('Find Task finds a task by id, by status, or nothing', async () => {
    const created = await createTask({ title: 'Zap: find me', model: 'simulator' });
    await finished(authData, created.task_id);
    const [byId] = await search('find_task', { task_id: created.task_id });
    expect(byId).toMatchObject({ id: created.task_id, task_id: created.task_id, status: 'completed', title: 'Zap: find me', result: expect.any(String) });

    const completed = await search('find_task', { status: 'completed' });
    expect(completed.map((task) => task.task_id)).toContain(created.task_id);
    expect(completed.every((task) => task.status === 'completed')).toBe(true);

    expect(await search('find_task', { task_id: created.task_id, status: 'failed' })).toEqual([]);
    expect(await search('find_task', { task_id: '00000000-0000-0000-0000-000000000000' })).toEqual([]);
  });

  test("Find Task takes the document's status words (pending, working)", async () => {
    const waiting = await appTester(App.creates.send_to_agent.operation.perform, { authData, inputData: { agent_name: 'nobody-here', message: 'Waits', model: 'simulator' } });
    const pending = await search('find_task', { status: 'pending' });
    expect(pending.map((task) => task.task_id)).toContain(waiting.task_id);
    expect(await search('find_task', { task_id: waiting.task_id, status: 'pending' })).toHaveLength(1);
    await appTester(App.creates.cancel_task.operation.perform, { authData, inputData: { task_id: waiting.task_id } });
  });

  test("Find Agent finds the platform's agent by a part of its name, with the document's fields", async () => {
    const [any] = await search('find_agent', {});
    const found = await search('find_agent', { name: any.name.slice(2, 8).toUpperCase() });
    expect(found.map((agent) => agent.name)).toContain(any.name);
    expectDocumentOutputs('searches', 'find_agent', found[0]);
    expect(found[0].models_supported.split(',')).toContain('simulator:simulator');
    expect(await search('find_agent', { name: 'no-such-agent-anywhere' })).toEqual([]);
  });

  test("Find Codebase finds the worker's codebase, with the document's fields", async () => {
    const codebase = (await search('find_codebase', { name: 'sampl' })).find((c) => c.id === process.env.CODETETHER_CODEBASE_ID);
    expectDocumentOutputs('searches', 'find_codebase', codebase);
    expect(codebase).toMatchObject({ id: expect.stringMatching(/^cb_/), name: 'sample', status: 'online' });
    expect(await search('find_codebase', { name: 'no-such-codebase' })).toEqual([]);
  });

  test('Find AI Models filters by provider and name, with the document\'s fields', async () => {
    const models = await search('find_models', { provider: 'openai', search: 'gpt-4' });
    expect(models.length).toBeGreaterThan(0);
    models.forEach((model) => {
      expectDocumentOutputs('searches', 'find_models', model);
      expect(model.provider).toBe('openai');
      expect(model.model_ref).toContain('gpt-4');
    });
    const [gpt4o] = models.filter((model) => model.name === 'gpt-4o');
    expect(gpt4o.workers_available).toBeGreaterThan(0);
    const [anthropic] = await search('find_models', { provider: 'anthropic' });
    expect(anthropic.workers_available).toBe(0);
  });

  test("Get Token Usage gives the month's usage and the spending limit, with the document's fields", async () => {
    const created = await createTask({ title: 'Zap: uses tokens', model: 'simulator' });
    await finished(authData, created.task_id);
    const month = new Date().toISOString().slice(0, 7);
    const [usage] = await search('get_token_usage', { month });
    expectDocumentOutputs('searches', 'get_token_usage', usage);
    expect(usage).toMatchObject({ id: month, month, spending_limit: Number(process.env.CODETETHER_SPENDING_LIMIT) });
    expect(usage.budget_remaining).toBeCloseTo(usage.spending_limit - usage.total_cost, 6);
    const [current] = await search('get_token_usage', {});
    expect(current.month).toBe(month);
    await expect(search('get_token_usage', { month: 'last month' })).rejects.toThrow(/month/);
  });
});
