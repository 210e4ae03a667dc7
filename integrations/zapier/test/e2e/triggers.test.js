'use strict';

const { App, appTester, connect, platformCodebase, eventually, finished, hookReceiver, expectDocumentOutputs } = require('./platform');

// The simulator answers offline; a model whose provider the test platform has not configured makes the task fail.
const SUCCEEDS = 'simulator';
const FAILS = 'claude-haiku';

describe('triggers', () => {
  let authData;
  let receiver;
  let codebaseId;
  beforeAll(async () => {
    authData = await connect();
    receiver = await hookReceiver();
    ({ codebaseId } = await platformCodebase(authData));
  });
  afterAll(() => receiver && receiver.close());

  const createTask = (inputData) => appTester(App.creates.create_task.operation.perform, { authData, inputData });
  const subscribe = (key, path) =>
    appTester(App.triggers[key].operation.performSubscribe, { authData, targetUrl: receiver.url(path), inputData: {} });
  const unsubscribe = (key, subscribeData) => appTester(App.triggers[key].operation.performUnsubscribe, { authData, subscribeData, inputData: {} });
  // One REST hook per trigger: subscribe, a task makes the event, the platform calls the hook, perform shapes the
  // call, unsubscribe (twice: the second finds it gone and is still fine).
  async function hookRoundTrip(key, event, taskInput) {
    const subscription = await subscribe(key, key);
    expect(subscription).toMatchObject({ id: expect.any(String), event, target_url: receiver.url(key) });
    const task = await createTask(taskInput);
    const call = await eventually(`the ${event} hook for task ${task.task_id}`, () =>
      receiver.received.find((c) => c.body.task_id === task.task_id && c.body.event === event),
    );
    expect(call.headers['x-codetether-event']).toBe(event);
    const [item] = await appTester(App.triggers[key].operation.perform, { authData, cleanedRequest: call.body, inputData: {} });
    await unsubscribe(key, subscription);
    await unsubscribe(key, subscription);
    const left = await appTester(async (z) => (await z.request({ url: '/v1/webhooks/subscriptions' })).data.subscriptions, { authData });
    expect(left.map((s) => s.id)).not.toContain(subscription.id);
    return { task, item };
  }

  test('New Task: the REST hook gives the document\'s fields', async () => {
    const { task, item } = await hookRoundTrip('new_task', 'task.created', {
      title: 'Zap: new task hook', description: 'Say hello', codebase_id: codebaseId, agent_type: 'explore', model: SUCCEEDS, priority: 3,
    });
    expectDocumentOutputs('triggers', 'new_task', item);
    expect(item).toMatchObject({ id: task.task_id, task_id: task.task_id, title: 'Zap: new task hook', priority: 3, codebase_id: codebaseId, agent_type: 'explore' });
  });

  test('New Task: polling lists tasks newest first, with stable ids', async () => {
    const older = await createTask({ title: 'Zap: older', model: SUCCEEDS, codebase_id: codebaseId });
    const newer = await createTask({ title: 'Zap: newer', model: SUCCEEDS, codebase_id: codebaseId });
    const first = await appTester(App.triggers.new_task.operation.performList, { authData, inputData: {} });
    expect(first.slice(0, 2).map((item) => item.id)).toEqual([newer.task_id, older.task_id]);
    first.slice(0, 2).forEach((item) => expectDocumentOutputs('triggers', 'new_task', item));
    const again = await appTester(App.triggers.new_task.operation.performList, { authData, inputData: {} });
    expect(again.map((item) => item.id).slice(0, first.length)).toEqual(first.map((item) => item.id));
  });

  test('Task Completed: the REST hook and polling give the document\'s fields', async () => {
    const { task, item } = await hookRoundTrip('task_completed', 'task.completed', { title: 'Zap: completes', description: 'Echo this', model: SUCCEEDS });
    expectDocumentOutputs('triggers', 'task_completed', item);
    expect(item).toMatchObject({ id: task.task_id, title: 'Zap: completes', model: SUCCEEDS });
    expect(item.result).toContain('Echo this');

    const listed = await appTester(App.triggers.task_completed.operation.performList, { authData, inputData: {} });
    const polled = listed.find((entry) => entry.id === task.task_id);
    expect(polled).toEqual(expect.objectContaining({ task_id: item.task_id, title: item.title, result: item.result, model: item.model }));
    expectDocumentOutputs('triggers', 'task_completed', polled);
    expect(listed.every((entry) => entry.completed_at)).toBe(true);
  });

  test('Task Failed: the REST hook and polling give the document\'s fields', async () => {
    const { task, item } = await hookRoundTrip('task_failed', 'task.failed', { title: 'Zap: fails', model: FAILS });
    expectDocumentOutputs('triggers', 'task_failed', item);
    expect(item).toMatchObject({ id: task.task_id, title: 'Zap: fails', model: FAILS });

    await finished(authData, task.task_id);
    const listed = await appTester(App.triggers.task_failed.operation.performList, { authData, inputData: {} });
    const polled = listed.find((entry) => entry.id === task.task_id);
    expectDocumentOutputs('triggers', 'task_failed', polled);
    expect(polled.error).toBe(item.error);
  });
});
