import type { INodeProperties } from 'n8n-workflow';
import { modelField } from './TaskDescription';

export const agentOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['agent'] } },
		options: [
			{
				name: 'Find',
				value: 'find',
				description: 'Find registered agents, by name',
				action: 'Find agents',
			},
			{
				name: 'Send Message',
				value: 'send',
				description: 'Send a message to one named agent; the task waits until that agent takes it',
				action: 'Send a message to an agent',
			},
		],
		default: 'send',
	},
];

export const agentFields: INodeProperties[] = [
	{
		displayName: 'Agent Name',
		name: 'agentName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'codetether-reviewer',
		description: 'The agent that must run the task (see Find)',
		displayOptions: { show: { resource: ['agent'], operation: ['send'] } },
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		displayOptions: { show: { resource: ['agent'], operation: ['send'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: ['agent'], operation: ['send'] } },
		options: [
			{ displayName: 'Codebase ID', name: 'codebaseId', type: 'string', default: '' },
			{
				displayName: 'Conversation ID',
				name: 'conversationId',
				type: 'string',
				default: '',
				description: 'Continue this conversation (the agent sees its history)',
			},
			{
				displayName: 'Deadline (Seconds)',
				name: 'deadlineSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 600,
				description: 'The task fails if the agent has not started it within this many seconds',
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
			{ displayName: 'Priority', name: 'priority', type: 'number', default: 0, description: 'Higher is more urgent' },
		],
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Only agents whose name contains this. Empty: every agent.',
		displayOptions: { show: { resource: ['agent'], operation: ['find'] } },
	},
];
