import type { INodeProperties } from 'n8n-workflow';
import { modelField } from './TaskDescription';

export const messageOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description: "Send a message to an AI agent and wait for the agent's answer",
				action: 'Send a message',
			},
			{
				name: 'Send Async',
				value: 'sendAsync',
				description: 'Send a message as a task that workers pick up; answers at once with the task ID',
				action: 'Send an async message',
			},
		],
		default: 'send',
	},
];

export const messageFields: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		displayOptions: { show: { resource: ['message'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{ displayName: 'Codebase ID', name: 'codebaseId', type: 'string', default: '' },
			{
				displayName: 'Conversation ID',
				name: 'conversationId',
				type: 'string',
				default: '',
				description: 'Continue this conversation (the agent sees its history); if its agent asked a question, this message is the answer. Empty: a new conversation.',
			},
			modelField,
			{
				displayName: 'Model Reference',
				name: 'modelRef',
				type: 'string',
				default: '',
				placeholder: 'anthropic:claude-sonnet-4',
				description: 'A model as provider:model; used instead of Model when both are set',
			},
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
];
