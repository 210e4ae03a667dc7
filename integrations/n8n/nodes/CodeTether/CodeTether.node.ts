import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { agentFields, agentOperations } from './descriptions/AgentDescription';
import { cronJobFields, cronJobOperations } from './descriptions/CronJobDescription';
import { messageFields, messageOperations } from './descriptions/MessageDescription';
import { MAX_RALPH_STORIES, ralphRunFields, ralphRunOperations } from './descriptions/RalphRunDescription';
import { FINISHED_TASK_STATUSES, taskFields, taskOperations } from './descriptions/TaskDescription';
import { usageFields, usageOperations } from './descriptions/UsageDescription';
import { codeTetherApiRequest, snakeCaseFields } from './GenericFunctions';

const LIST_PAGE_SIZE = 100;

/** One or two outputs: Wait for Completion has "Done" and "Not Done", every other operation one output. */
export function configuredOutputs(parameters: { resource?: string; operation?: string }) {
	if (parameters.resource === 'task' && parameters.operation === 'waitForCompletion') {
		return [
			{ type: 'main', displayName: 'Done' },
			{ type: 'main', displayName: 'Not Done' },
		];
	}
	return [{ type: 'main' }];
}

export class CodeTether implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CodeTether',
		name: 'codeTether',
		icon: 'file:../../icons/codetether.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Run AI-agent tasks on CodeTether and get their results',
		defaults: { name: 'CodeTether' },
		inputs: ['main'],
		outputs: `={{(${configuredOutputs})($parameter)}}`,
		credentials: [{ name: 'codeTetherApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Agent', value: 'agent' },
					{ name: 'Cron Job', value: 'cronJob' },
					{ name: 'Message', value: 'message' },
					{ name: 'Ralph Run', value: 'ralphRun' },
					{ name: 'Task', value: 'task' },
					{ name: 'Usage', value: 'usage' },
				],
				default: 'task',
			},
			...taskOperations,
			...taskFields,
			...messageOperations,
			...messageFields,
			...agentOperations,
			...agentFields,
			...cronJobOperations,
			...cronJobFields,
			...ralphRunOperations,
			...ralphRunFields,
			...usageOperations,
			...usageFields,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const waiting = resource === 'task' && operation === 'waitForCompletion';
		const done: INodeExecutionData[] = [];
		const notDone: INodeExecutionData[] = [];

		for (let i = 0; i < items.length; i++) {
			try {
				const results = await run.call(this, resource, operation, i);
				for (const json of results) {
					const item = { json, pairedItem: { item: i } };
					if (waiting && !FINISHED_TASK_STATUSES.includes(String(json.status))) notDone.push(item);
					else done.push(item);
				}
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				done.push({
					json: { error: error.message, description: error.description ?? null, http_code: error.httpCode ?? null },
					pairedItem: { item: i },
				});
			}
		}

		return waiting ? [done, notDone] : [done];
	}
}

async function run(this: IExecuteFunctions, resource: string, operation: string, i: number): Promise<IDataObject[]> {
	const key = `${resource}:${operation}`;
	switch (key) {
		case 'task:create':
			return [await createTask.call(this, i)];
		case 'task:get':
		case 'task:waitForCompletion':
			return [await codeTetherApiRequest.call(this, { method: 'GET', path: `/v1/automation/tasks/${taskId.call(this, i)}` })];
		case 'task:cancel':
			return [await codeTetherApiRequest.call(this, { method: 'DELETE', path: `/v1/automation/tasks/${taskId.call(this, i)}` })];
		case 'task:list':
			return await listTasks.call(this, i);
		case 'message:send':
		case 'message:sendAsync':
			return [
				await codeTetherApiRequest.call(this, {
					method: 'POST',
					path: operation === 'send' ? '/v1/messages' : '/v1/messages/async',
					body: snakeCaseFields({
						message: this.getNodeParameter('message', i),
						...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
					}),
				}),
			];
		case 'agent:send':
			return [
				await codeTetherApiRequest.call(this, {
					method: 'POST',
					path: '/v1/agents/send',
					body: snakeCaseFields({
						agentName: this.getNodeParameter('agentName', i),
						message: this.getNodeParameter('message', i),
						...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
					}),
				}),
			];
		case 'agent:find': {
			const name = this.getNodeParameter('name', i, '') as string;
			const answer = await codeTetherApiRequest.call(this, { method: 'GET', path: '/v1/agents', qs: name ? { name } : {} });
			return (answer.agents as IDataObject[]) ?? [];
		}
		case 'cronJob:create':
			return [
				await codeTetherApiRequest.call(this, {
					method: 'POST',
					path: '/v1/cronjobs',
					body: snakeCaseFields({
						name: this.getNodeParameter('name', i),
						cronExpression: this.getNodeParameter('cronExpression', i),
						taskTemplate: this.getNodeParameter('taskTemplate', i),
						...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
					}),
				}),
			];
		case 'ralphRun:start':
			return [await codeTetherApiRequest.call(this, { method: 'POST', path: '/v1/ralph/runs', body: ralphRunBody.call(this, i) })];
		case 'ralphRun:get': {
			const runId = encodeURIComponent(this.getNodeParameter('runId', i) as string);
			return [await codeTetherApiRequest.call(this, { method: 'GET', path: `/v1/ralph/runs/${runId}` })];
		}
		case 'usage:get': {
			const month = this.getNodeParameter('month', i, '') as string;
			return [await codeTetherApiRequest.call(this, { method: 'GET', path: '/v1/billing/usage', qs: month ? { month } : {} })];
		}
		default:
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`, {
				itemIndex: i,
			});
	}
}

function taskId(this: IExecuteFunctions, i: number): string {
	const id = String(this.getNodeParameter('taskId', i) ?? '').trim();
	if (!id) {
		throw new NodeOperationError(this.getNode(), 'Task ID is empty', {
			itemIndex: i,
			description: 'Set Task ID, for example {{ $json.task_id }} after Create Task',
		});
	}
	return encodeURIComponent(id);
}

async function createTask(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { idempotencyKey, ...fields } = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	return await codeTetherApiRequest.call(this, {
		method: 'POST',
		path: '/v1/automation/tasks',
		body: snakeCaseFields({
			title: this.getNodeParameter('title', i),
			description: this.getNodeParameter('description', i, ''),
			...fields,
		}),
		headers: idempotencyKey ? { 'Idempotency-Key': String(idempotencyKey) } : undefined,
	});
}

async function listTasks(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const status = this.getNodeParameter('status', i, '') as string;
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
	const tasks: IDataObject[] = [];
	let startingAfter: string | undefined;
	while (tasks.length < limit) {
		const page = await codeTetherApiRequest.call(this, {
			method: 'GET',
			path: '/v1/automation/tasks',
			qs: snakeCaseFields({ status, limit: Math.min(LIST_PAGE_SIZE, limit - tasks.length), startingAfter }),
		});
		const pageTasks = (page.tasks as IDataObject[]) ?? [];
		tasks.push(...pageTasks);
		if (!page.has_more || pageTasks.length === 0) break;
		startingAfter = String(pageTasks[pageTasks.length - 1].task_id);
	}
	return tasks;
}

/** The Zapier document's fields: the PRD as prd_json, or project fields and story_N_id/title/description/criteria. */
function ralphRunBody(this: IExecuteFunctions, i: number): IDataObject {
	const body = snakeCaseFields(this.getNodeParameter('additionalFields', i, {}) as IDataObject);
	if (this.getNodeParameter('prdSource', i) === 'json') {
		const prdJson = this.getNodeParameter('prdJson', i) as string | IDataObject;
		body.prd_json = typeof prdJson === 'string' ? prdJson : JSON.stringify(prdJson);
		return body;
	}
	Object.assign(
		body,
		snakeCaseFields({
			projectName: this.getNodeParameter('projectName', i, ''),
			branchName: this.getNodeParameter('branchName', i, ''),
			projectDescription: this.getNodeParameter('projectDescription', i, ''),
		}),
	);
	const stories = ((this.getNodeParameter('stories', i, {}) as IDataObject).story as IDataObject[]) ?? [];
	if (stories.length > MAX_RALPH_STORIES) {
		throw new NodeOperationError(this.getNode(), `A run takes at most ${MAX_RALPH_STORIES} user stories`, { itemIndex: i });
	}
	stories.forEach((story, index) => {
		for (const field of ['id', 'title', 'description', 'criteria']) {
			if (story[field] !== undefined && story[field] !== '') body[`story_${index + 1}_${field}`] = story[field];
		}
	});
	return body;
}
