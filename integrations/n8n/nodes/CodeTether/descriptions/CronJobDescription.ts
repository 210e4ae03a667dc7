import type { INodeProperties } from 'n8n-workflow';

export const cronJobOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cronJob'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a cron job that creates a task on a schedule',
				action: 'Create a cron job',
			},
		],
		default: 'create',
	},
];

export const cronJobFields: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Daily Code Review',
		displayOptions: { show: { resource: ['cronJob'], operation: ['create'] } },
	},
	{
		displayName: 'Cron Expression',
		name: 'cronExpression',
		type: 'string',
		required: true,
		default: '0 9 * * 1-5',
		description: 'Standard cron expression with 5 fields (or 6, seconds first)',
		displayOptions: { show: { resource: ['cronJob'], operation: ['create'] } },
	},
	{
		displayName: 'Task Template',
		name: 'taskTemplate',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: "The prompt of each task; its first line is the task's title",
		displayOptions: { show: { resource: ['cronJob'], operation: ['create'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: ['cronJob'], operation: ['create'] } },
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'What this cron job does' },
			{ displayName: 'Enabled', name: 'enabled', type: 'boolean', default: true, description: 'Whether the job starts enabled' },
			{
				displayName: 'Timezone',
				name: 'timezone',
				type: 'string',
				default: 'UTC',
				placeholder: 'America/New_York',
				description: 'IANA time zone the expression is read in',
			},
		],
	},
];
