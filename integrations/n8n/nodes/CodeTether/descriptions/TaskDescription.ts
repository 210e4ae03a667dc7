import type { INodeProperties } from 'n8n-workflow';

/** A task in one of these is finished: Wait for Completion sends it to its "Done" output. */
export const FINISHED_TASK_STATUSES = ['completed', 'failed', 'cancelled'];

export const agentTypeField: INodeProperties = {
	displayName: 'Agent Type',
	name: 'agentType',
	type: 'options',
	options: [
		{ name: 'Build', value: 'build', description: 'May edit files and run commands in the codebase' },
		{ name: 'Explore', value: 'explore', description: 'Reads the codebase to answer' },
		{ name: 'General', value: 'general', description: 'A conversation with the model' },
		{ name: 'Plan', value: 'plan', description: 'Reads the codebase and ends with a plan' },
	],
	default: 'general',
};

export const modelField: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'string',
	default: '',
	placeholder: 'claude-sonnet-4',
	description:
		'A model name (claude-sonnet-4, claude-opus, claude-haiku, gpt-4o, gpt-4.1, gemini-2.5-pro, gemini-2.5-flash, grok-3, minimax-m2.1, o3, o3-mini, simulator) or a provider:model reference. Empty: the platform default.',
};

export const taskOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{ name: 'Cancel', value: 'cancel', description: 'Cancel a queued, running or waiting task', action: 'Cancel a task' },
			{ name: 'Create', value: 'create', description: 'Create a task for an AI agent', action: 'Create a task' },
			{ name: 'Get', value: 'get', description: 'Get a task with its status and result', action: 'Get a task' },
			{ name: 'List', value: 'list', description: 'List tasks, newest first', action: 'List tasks' },
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				description: 'Check a task once: finished tasks leave by the Done output, others by Not Done',
				action: 'Wait for a task to complete',
			},
		],
		default: 'create',
	},
];

export const taskFields: INodeProperties[] = [
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Analyze customer feedback',
		displayOptions: { show: { resource: ['task'], operation: ['create'] } },
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'The prompt: what the agent should do. Empty: the title is the prompt.',
		displayOptions: { show: { resource: ['task'], operation: ['create'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: ['task'], operation: ['create'] } },
		options: [
			agentTypeField,
			{
				displayName: 'Codebase ID',
				name: 'codebaseId',
				type: 'string',
				default: '',
				description: 'The codebase the agent works on',
			},
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description:
					'Sent as the Idempotency-Key header: a retry with the same key returns the first task instead of creating another',
			},
			modelField,
			{
				displayName: 'Notify Email',
				name: 'notifyEmail',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'E-mail address told when the task completes or fails',
			},
			{
				displayName: 'Priority',
				name: 'priority',
				type: 'number',
				default: 0,
				description: 'Higher is more urgent',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10800 },
				default: 3600,
				description: 'The task fails if it has not finished by then',
			},
			{
				displayName: 'Webhook URL',
				name: 'webhookUrl',
				type: 'string',
				default: '',
				placeholder: 'https://your-n8n.example.com/webhook/codetether-callback',
				description: 'CodeTether POSTs the result here when the task completes, fails or is cancelled',
			},
		],
	},
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['task'], operation: ['get', 'cancel'] } },
	},
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '={{ $json.task_id }}',
		description: 'The task to check; the default takes it from the incoming item, so a loop can feed Not Done back in',
		displayOptions: { show: { resource: ['task'], operation: ['waitForCompletion'] } },
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Any', value: '' },
			{ name: 'Cancelled', value: 'cancelled' },
			{ name: 'Completed', value: 'completed' },
			{ name: 'Failed', value: 'failed' },
			{ name: 'Needs Input', value: 'needs_input' },
			{ name: 'Queued', value: 'queued' },
			{ name: 'Running', value: 'running' },
		],
		default: '',
		description: 'Only tasks in this status',
		displayOptions: { show: { resource: ['task'], operation: ['list'] } },
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: { resource: ['task'], operation: ['list'] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { resource: ['task'], operation: ['list'], returnAll: [false] } },
	},
];
