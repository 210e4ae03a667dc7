'use strict';

// Ralph runs and PRD chat (POST/GET /v1/ralph/runs, POST /v1/ralph/runs/{id}/cancel, POST /v1/prd/chat). Kept apart
// from test/e2e until the platform serves these routes: `npm run test:ralph` against a platform that has them.
const { App, appTester, connect, platformCodebase, eventually, expectDocumentOutputs } = require('../e2e/platform');

describe('Ralph runs and PRD chat', () => {
  let authData;
  let codebaseId;
  beforeAll(async () => {
    authData = await connect();
    ({ codebaseId } = await platformCodebase(authData));
    const probe = await appTester(async (z) => z.request({ url: '/v1/ralph/runs', skipThrowForStatus: true }), { authData });
    if (probe.status === 404) throw new Error('This platform has no Ralph endpoints: GET /v1/ralph/runs answered 404.');
  });
  const run = (kind, key, inputData) => appTester(App[kind][key].operation.perform, { authData, inputData });

  // Cancel Ralph Run: the run, now cancel_requested; or the API's 409 when the run finished first (no git repository
  // or test command in the test platform's codebase may end it quickly).
  async function cancel(runId) {
    let cancelled;
    try {
      cancelled = await run('creates', 'cancel_ralph_run', { run_id: runId });
    } catch (error) {
      expect(error.message).toMatch(/only a pending or running run can be cancelled/);
      return;
    }
    expect(cancelled).toMatchObject({ id: runId, run_id: runId, cancel_requested: true });
  }

  const prd = {
    project: 'Zap exports',
    branchName: 'ralph/zap-exports',
    description: 'CSV exports',
    userStories: [{ id: 'US-001', title: 'Export as CSV', description: 'A report downloads as CSV', acceptanceCriteria: ['It opens in a spreadsheet'], priority: 1 }],
  };

  test('Generate PRD via Chat answers with the document\'s fields and continues the conversation', async () => {
    const first = await run('creates', 'generate_prd', { message: `Write this PRD: ${JSON.stringify(prd)}`, codebase_id: codebaseId, model: 'simulator' });
    expectDocumentOutputs('creates', 'generate_prd', { ...first, prd_json: first.prd_json ?? '' });
    const next = await run('creates', 'generate_prd', { message: 'Make the title shorter', conversation_id: first.conversation_id, model: 'simulator' });
    expect(next.conversation_id).toBe(first.conversation_id);
  });

  test('Start Ralph Run from story fields, then Find Ralph Run, Find Ralph Runs and Cancel Ralph Run', async () => {
    const started = await run('creates', 'start_ralph_run', {
      project_name: 'Zap exports', branch_name: 'ralph/zap-fields', project_description: 'CSV exports',
      story_1_id: 'US-001', story_1_title: 'Export as CSV', story_1_description: 'A report downloads as CSV', story_1_criteria: 'It opens in a spreadsheet\nIt has a header row',
      story_2_id: 'US-002', story_2_title: 'Export as JSON', story_2_criteria: 'It parses',
      codebase_id: codebaseId, model: 'simulator', max_iterations: 2, run_mode: 'sequential',
    });
    expect(started).toMatchObject({ id: started.run_id, project: 'Zap exports', branch_name: 'ralph/zap-fields', codebase_id: codebaseId, max_iterations: 2, run_mode: 'sequential' });
    expect(started.stories.map((story) => story.id)).toEqual(['US-001', 'US-002']);
    expect(started.stories[0].acceptance_criteria).toEqual(['It opens in a spreadsheet', 'It has a header row']);
    expect(started.progress).toMatchObject({ total: 2, summary: expect.stringMatching(/^\d+\/2$/) });

    const [found] = await run('searches', 'find_ralph_run', { run_id: started.run_id });
    expect(found).toMatchObject({ run_id: started.run_id, status: expect.stringMatching(/^(pending|running|completed|failed|cancelled)$/) });
    expect(await run('searches', 'find_ralph_run', { run_id: '00000000-0000-0000-0000-000000000000' })).toEqual([]);

    const [list] = await run('searches', 'find_ralph_runs', { limit: 5 });
    expect(list.runs.map((r) => r.run_id)).toContain(started.run_id);
    expect(list.count).toBe(list.runs.length);

    await cancel(started.run_id);
    await eventually('the run to stop', async () => {
      const [now] = await run('searches', 'find_ralph_run', { run_id: started.run_id });
      return ['completed', 'failed', 'cancelled'].includes(now.status) && now;
    }, 120000);
  });

  test('Start Ralph Run from PRD JSON, which wins over the story fields', async () => {
    const started = await run('creates', 'start_ralph_run', {
      prd_json: JSON.stringify(prd), project_name: 'Ignored', story_1_id: 'US-999', story_1_title: 'Ignored', codebase_id: codebaseId, model: 'simulator', max_iterations: 1,
    });
    expect(started).toMatchObject({ project: 'Zap exports', branch_name: 'ralph/zap-exports' });
    expect(started.stories.map((story) => story.id)).toEqual(['US-001']);
    await cancel(started.run_id);
    const stopped = await eventually('the run to stop', async () => {
      const [now] = await run('searches', 'find_ralph_run', { run_id: started.run_id });
      return ['completed', 'failed', 'cancelled'].includes(now.status) && now;
    }, 120000);
    const [byStatus] = await run('searches', 'find_ralph_runs', { status: stopped.status, limit: 100 });
    expect(byStatus.runs.map((r) => r.run_id)).toContain(started.run_id);
    expect(byStatus.runs.every((r) => r.status === stopped.status)).toBe(true);
  });
});
