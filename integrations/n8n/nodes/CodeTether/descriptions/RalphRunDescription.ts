import type { INodeProperties } from 'n8n-workflow';
import { modelField } from './TaskDescription';

export const MAX_RALPH_STORIES = 10;

export const ralphRunOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ralphRun'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: "Get a run's status, progress and story results",
				action: 'Get a ralph run',
			},
			{
				name: 'Start',
				value: 'start',
				description: 'Start an autonomous development run from a PRD',
				action: 'Start a ralph run',
			},
		],
		default: 'start',
	},
];

const showStart = { show: { resource: ['ralphRun'], operation: ['start'] } };
const showStartFromFields = { show: { resource: ['ralphRun'], operation: ['start'], prdSource: ['fields'] } };

export const ralphRunFields: INodeProperties[] = [
	{
		displayName: 'PRD Source',
		name: 'prdSource',
		type: 'options',
		options: [
			{ name: 'PRD JSON', value: 'json', description: 'A whole PRD, for example the prd_json of PRD chat' },
			{ name: 'Fields', value: 'fields', description: 'Project and up to 10 user stories' },
		],
		default: 'json',
		displayOptions: showStart,
	},
	{
		displayName: 'PRD JSON',
		name: 'prdJson',
		type: 'string',
		typeOptions: { rows: 8 },
		required: true,
		default: '',
		description: 'The PRD: project, branchName, description and userStories (ID, title, description, acceptanceCriteria)',
		displayOptions: { show: { resource: ['ralphRun'], operation: ['start'], prdSource: ['json'] } },
	},
	{
		displayName: 'Project Name',
		name: 'projectName',
		type: 'string',
		default: '',
		displayOptions: showStartFromFields,
	},
	{
		displayName: 'Branch Name',
		name: 'branchName',
		type: 'string',
		default: '',
		placeholder: 'ralph/my-feature',
		description: 'Git branch the changes are committed on',
		displayOptions: showStartFromFields,
	},
	{
		displayName: 'Project Description',
		name: 'projectDescription',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'What Ralph should build',
		displayOptions: showStartFromFields,
	},
	{
		displayName: 'User Stories',
		name: 'stories',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: MAX_RALPH_STORIES },
		placeholder: 'Add Story',
		default: {},
		displayOptions: showStartFromFields,
		options: [
			{
				displayName: 'Story',
				name: 'story',
				values: [
					{ displayName: 'ID', name: 'id', type: 'string', default: '', placeholder: 'US-001' },
					{ displayName: 'Title', name: 'title', type: 'string', default: '' },
					{ displayName: 'Description', name: 'description', type: 'string', default: '' },
					{
						displayName: 'Acceptance Criteria',
						name: 'criteria',
						type: 'string',
						typeOptions: { rows: 3 },
						default: '',
						description: 'One criterion per line',
					},
				],
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showStart,
		options: [
			{ displayName: 'Codebase ID', name: 'codebaseId', type: 'string', default: '' },
			{
				displayName: 'Max Iterations',
				name: 'maxIterations',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10,
				description: 'Attempts per story before it fails',
			},
			modelField,
			{
				displayName: 'Run Mode',
				name: 'runMode',
				type: 'options',
				options: [
					{ name: 'Sequential', value: 'sequential' },
					{ name: 'Parallel', value: 'parallel' },
				],
				default: 'sequential',
			},
			{
				displayName: 'Test Command',
				name: 'testCommand',
				type: 'string',
				default: '',
				placeholder: 'npm test',
				description: "The quality checks each story must pass; empty: the codebase's own",
			},
		],
	},
	{
		displayName: 'Run ID',
		name: 'runId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['ralphRun'], operation: ['get'] } },
	},
];
