const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');

const { CodeTether, configuredOutputs } = require('../dist/nodes/CodeTether/CodeTether.node.js');
const { CodeTetherTrigger } = require('../dist/nodes/CodeTetherTrigger/CodeTetherTrigger.node.js');
const packageJson = require('../package.json');
const { checkWorkflow } = require('./workflow-structure');

const templates = path.join(__dirname, '..', 'templates');
const types = {
	[`${packageJson.name}.codeTether`]: { description: new CodeTether().description, configuredOutputs },
	[`${packageJson.name}.codeTetherTrigger`]: { description: new CodeTetherTrigger().description },
};
const read = (file) => JSON.parse(fs.readFileSync(path.join(templates, file), 'utf8'));

for (const file of ['create-and-poll.json', 'webhook-callback.json', 'gmail-analysis-to-slack.json']) {
	test(`${file} matches the nodes' parameter definitions`, () => {
		assert.deepEqual(checkWorkflow(read(file), types), []);
	});
}

test('the templates folder holds the three documented templates', () => {
	assert.deepEqual(fs.readdirSync(templates).sort(), ['create-and-poll.json', 'gmail-analysis-to-slack.json', 'webhook-callback.json']);
});

test('create-and-poll loops Wait for Completion: Done to the next step, Not Done back to the wait', () => {
	const workflow = read('create-and-poll.json');
	const poll = workflow.nodes.find((n) => n.parameters.operation === 'waitForCompletion');
	const [done, notDone] = workflow.connections[poll.name].main;
	assert.equal(done[0].node, 'Handle Result');
	const wait = workflow.nodes.find((n) => n.name === notDone[0].node);
	assert.equal(wait.type, 'n8n-nodes-base.wait');
	assert.deepEqual(workflow.connections[wait.name].main[0].map((c) => c.node), [poll.name]);
	assert.ok(workflow.nodes.some((n) => n.type === 'n8n-nodes-base.scheduleTrigger'), 'scheduled, as the document says');
	assert.ok(workflow.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger'), 'and runnable by hand (n8n execute)');
});

test('webhook-callback starts from the CodeTether Trigger on task completed', () => {
	const trigger = read('webhook-callback.json').nodes.find((n) => n.type.endsWith('.codeTetherTrigger'));
	assert.equal(trigger.parameters.event, 'task.completed');
	assert.match(trigger.webhookId, /^[0-9a-f-]{36}$/);
});

test('the checker finds what is wrong', () => {
	const workflow = read('create-and-poll.json');
	const create = workflow.nodes.find((n) => n.name === 'Create Task');
	create.parameters.operation = 'explode';
	const poll = workflow.nodes.find((n) => n.name === 'Wait for Completion');
	poll.parameters.operation = 'get';
	const problems = checkWorkflow(workflow, types);
	assert.ok(problems.some((p) => p.includes('"explode" is not an option')), problems.join('\n'));
	assert.ok(problems.some((p) => p.includes('"title" is not shown for these settings')), problems.join('\n'));
	assert.ok(problems.some((p) => p.includes('Wait for Completion: connects 2 outputs')), problems.join('\n'));

	const other = read('create-and-poll.json');
	const otherCreate = other.nodes.find((n) => n.name === 'Create Task');
	otherCreate.parameters.additionalFields.agentType = 'wizard';
	otherCreate.parameters.additionalFields.colour = 'blue';
	delete otherCreate.parameters.title;
	assert.deepEqual(checkWorkflow(other, types).sort(), [
		'Create Task.additionalFields.agentType: "wizard" is not an option (build, explore, general, plan)',
		'Create Task.additionalFields.colour: not a field of the collection',
		'Create Task: required parameter "title" is empty',
	]);
});
