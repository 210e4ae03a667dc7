import type { INodeProperties } from 'n8n-workflow';

export const usageOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['usage'] } },
		options: [
			{
				name: 'Get Token Usage',
				value: 'get',
				description: "Get a month's tokens, cost and budget",
				action: 'Get token usage',
			},
		],
		default: 'get',
	},
];

export const usageFields: INodeProperties[] = [
	{
		displayName: 'Month',
		name: 'month',
		type: 'string',
		default: '',
		placeholder: '2026-02',
		description: 'Month as YYYY-MM. Empty: the current month (UTC).',
		displayOptions: { show: { resource: ['usage'], operation: ['get'] } },
	},
];
