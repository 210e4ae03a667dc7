const assert = require('node:assert/strict');
const { test } = require('node:test');

const { apiError, snakeCaseFields, apiBaseUrl } = require('../dist/nodes/CodeTether/GenericFunctions.js');
const { configuredOutputs } = require('../dist/nodes/CodeTether/CodeTether.node.js');
const { eventOf, subscribedEvents, ALL_EVENTS } = require('../dist/nodes/CodeTetherTrigger/CodeTetherTrigger.node.js');
const { sign, verifySignature } = require('../dist/nodes/CodeTetherTrigger/signature.js');
const { CodeTetherApi } = require('../dist/credentials/CodeTetherApi.credentials.js');

const node = { id: '1', name: 'CodeTether', type: 'n8n-nodes-codetether.codeTether', typeVersion: 1, position: [0, 0], parameters: {} };

test('a 401 shows the API key problem in the API\'s own words', () => {
	const error = apiError(node, {
		statusCode: 401,
		headers: { 'content-type': 'application/problem+json' },
		body: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2', title: 'Invalid API key', status: 401, detail: 'The API key is not recognised.' },
	});
	assert.equal(error.message, 'The API key is not recognised.');
	assert.equal(error.httpCode, '401');
	assert.match(error.description, /401 Invalid API key/);
	assert.match(error.description, /starts with ct_/);
});

test('a 429 says when to retry, from Retry-After', () => {
	const error = apiError(node, {
		statusCode: 429,
		headers: { 'Retry-After': '17' },
		body: JSON.stringify({ title: 'Too many requests', status: 429 }),
	});
	assert.equal(error.message, 'Too many requests Retry after 17 seconds.');
	assert.match(error.description, /Retry-After: 17 seconds/);
});

test('a 400 names each invalid field from errors', () => {
	const error = apiError(node, {
		statusCode: 400,
		headers: {},
		body: { title: 'One or more validation errors occurred.', status: 400, errors: { model: ["Unknown model 'gpt-9'."], title: ['Required.'] } },
	});
	assert.equal(error.message, "One or more validation errors occurred. model: Unknown model 'gpt-9'.; title: Required.");
});

test('Wait for Completion has two outputs, Done and Not Done; other operations one', () => {
	assert.deepEqual(configuredOutputs({ resource: 'task', operation: 'waitForCompletion' }).map((o) => o.displayName), ['Done', 'Not Done']);
	assert.equal(configuredOutputs({ resource: 'task', operation: 'create' }).length, 1);
	assert.equal(configuredOutputs({ resource: 'usage', operation: 'get' }).length, 1);
});

test('collection fields go to the API in snake_case, empty ones left out', () => {
	assert.deepEqual(snakeCaseFields({ agentType: 'plan', webhookUrl: '', codebaseId: 'cb', priority: 0, deadlineSeconds: undefined }), {
		agent_type: 'plan',
		codebase_id: 'cb',
		priority: 0,
	});
	assert.equal(apiBaseUrl('http://127.0.0.1:8080//'), 'http://127.0.0.1:8080');
	assert.equal(apiBaseUrl(''), 'https://api.codetether.io');
});

test('the trigger subscribes to one event, or to all of them for any', () => {
	assert.deepEqual(subscribedEvents('task.completed'), ['task.completed']);
	assert.deepEqual(subscribedEvents('any'), ALL_EVENTS);
	assert.equal(eventOf({ event: 'task_completed' }), 'task.completed');
	assert.equal(eventOf({ event: 'task.failed' }), 'task.failed');
});

test('signatures: the exact bytes, either header during a rotation, nothing else', () => {
	const body = Buffer.from('{"event":"task.completed","result":"日本語 🎉"}');
	assert.equal(verifySignature('s3cret', body, { 'x-codetether-signature': sign('s3cret', body) }), null);
	assert.equal(
		verifySignature('old-secret', body, {
			'x-codetether-signature': sign('new-secret', body),
			'x-codetether-signature-previous': sign('old-secret', body),
		}),
		null,
	);
	assert.equal(verifySignature('s3cret', body, {}), 'Missing X-CodeTether-Signature header');
	assert.equal(verifySignature('s3cret', body, { 'x-codetether-signature': sign('other', body) }), 'Invalid X-CodeTether-Signature');
	assert.equal(verifySignature('s3cret', Buffer.from(body.toString() + ' '), { 'x-codetether-signature': sign('s3cret', body) }), 'Invalid X-CodeTether-Signature');
	assert.equal(verifySignature('s3cret', body, { 'x-codetether-signature': 'sha256=short' }), 'Invalid X-CodeTether-Signature');
});

test('the credential sends the key as a Bearer token and refuses a key that is not a CodeTether key', async () => {
	const credential = new CodeTetherApi();
	const options = await credential.authenticate({ apiKey: ' ct_abc ' }, { url: '/v1/automation/me', headers: { Accept: 'application/json' } });
	assert.deepEqual(options.headers, { Accept: 'application/json', Authorization: 'Bearer ct_abc' });
	await assert.rejects(credential.authenticate({ apiKey: 'sk-abc' }, { url: '/' }), /must start with ct_/);
	assert.equal(credential.test.request.url, '/v1/automation/me');
	assert.equal(credential.properties.find((p) => p.name === 'apiDomain').default, 'https://api.codetether.io');
});
