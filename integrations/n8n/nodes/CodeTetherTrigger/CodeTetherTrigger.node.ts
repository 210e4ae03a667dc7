import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { codeTetherApiRequest, CREDENTIAL_NAME } from '../CodeTether/GenericFunctions';
import { verifySignature } from './signature';

/** Every event a subscription can name (docs/webhooks.md); "any" subscribes to all of them. */
export const ALL_EVENTS = ['task.created', 'task.started', 'task.needs_input', 'task.completed', 'task.failed', 'task.cancelled'];

export function subscribedEvents(event: string): string[] {
	return event === 'any' ? ALL_EVENTS : [event];
}

/** A task's own webhook_url gets `task_completed`, a subscription `task.completed`: both name the same event. */
export function eventOf(payload: IDataObject): string {
	return String(payload.event ?? '').replace(/^task_/, 'task.');
}

const isTaskWebhookUrlCall = (payload: IDataObject) => /^task_/.test(String(payload.event ?? ''));

interface Subscription {
	id: string;
	target_url: string;
	event: string;
}

export class CodeTetherTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CodeTether Trigger',
		name: 'codeTetherTrigger',
		icon: 'file:../../icons/codetether.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] }}',
		description: 'Starts the workflow when a CodeTether task starts, completes or fails',
		defaults: { name: 'CodeTether Trigger' },
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'codeTetherApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: [
					{ name: 'Any Task Event', value: 'any', description: 'Created, started, needs input, completed, failed or cancelled' },
					{ name: 'Task Completed', value: 'task.completed' },
					{ name: 'Task Failed', value: 'task.failed' },
					{ name: 'Task Started', value: 'task.started' },
				],
				default: 'task.completed',
			},
			{
				displayName: 'Receive',
				name: 'receive',
				type: 'options',
				options: [
					{
						name: 'Events of All Tasks',
						value: 'allTasks',
						description: 'Subscribe to the event on activation (and unsubscribe on deactivation)',
					},
					{
						name: 'Tasks Created With This Webhook URL',
						value: 'taskWebhookUrl',
						description:
							"Subscribe to nothing: only tasks whose webhook_url is this trigger's production URL call it, when they complete, fail or are cancelled",
					},
				],
				default: 'allTasks',
			},
			{
				displayName:
					'Set the webhook signing secret in the credential to accept only calls signed by CodeTether; others are answered 401 and start nothing',
				name: 'signatureNotice',
				type: 'notice',
				default: '',
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (this.getNodeParameter('receive') === 'taskWebhookUrl') return true;
				const wanted = subscribedEvents(this.getNodeParameter('event') as string);
				const ours = await subscriptionsAt.call(this, this.getNodeWebhookUrl('default') as string);
				if (!wanted.every((event) => ours.some((s) => s.event === event))) return false;
				this.getWorkflowStaticData('node').subscriptionIds = ours.filter((s) => wanted.includes(s.event)).map((s) => s.id);
				return true;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				if (this.getNodeParameter('receive') === 'taskWebhookUrl') return true;
				const targetUrl = this.getNodeWebhookUrl('default') as string;
				const existing = await subscriptionsAt.call(this, targetUrl);
				const ids: string[] = [];
				for (const event of subscribedEvents(this.getNodeParameter('event') as string)) {
					const found = existing.find((s) => s.event === event);
					if (found) {
						ids.push(found.id);
						continue;
					}
					const created = await codeTetherApiRequest.call(this, {
						method: 'POST',
						path: '/v1/webhooks/subscriptions',
						body: { target_url: targetUrl, event },
					});
					ids.push(String(created.id));
				}
				this.getWorkflowStaticData('node').subscriptionIds = ids;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				const ids = (staticData.subscriptionIds as string[] | undefined) ?? [];
				for (const id of ids) {
					try {
						await codeTetherApiRequest.call(this, { method: 'DELETE', path: `/v1/webhooks/subscriptions/${id}` });
					} catch (error) {
						if (error.httpCode !== '404') return false;
					}
				}
				delete staticData.subscriptionIds;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await this.getCredentials(CREDENTIAL_NAME);
		const secret = String(credentials.webhookSecret ?? '');
		const request = this.getRequestObject();
		const body = this.getBodyData() as IDataObject;

		if (secret) {
			const refusal = verifySignature(secret, rawBodyOf(request, body), request.headers);
			if (refusal) {
				this.getResponseObject().status(401).json({ error: refusal });
				return { noWebhookResponse: true };
			}
		}

		// Acknowledged but not run: an event not chosen, or (when subscribed) a task's own webhook_url call for an event
		// the subscription delivers too, so that a task that also names this URL runs the workflow once.
		const wanted = subscribedEvents(this.getNodeParameter('event') as string);
		const subscribed = this.getNodeParameter('receive') === 'allTasks';
		if (!wanted.includes(eventOf(body)) || (subscribed && isTaskWebhookUrlCall(body))) {
			return { webhookResponse: { received: true, ignored: body.event ?? null } };
		}
		return { workflowData: [this.helpers.returnJsonArray(body)] };
	}
}

async function subscriptionsAt(this: IHookFunctions, targetUrl: string): Promise<Subscription[]> {
	const answer = await codeTetherApiRequest.call(this, { method: 'GET', path: '/v1/webhooks/subscriptions' });
	return ((answer.subscriptions as unknown as Subscription[]) ?? []).filter((s) => s.target_url === targetUrl);
}

/** The bytes CodeTether signed: n8n keeps them as rawBody; without them, JSON.stringify of the parsed body is the same bytes. */
function rawBodyOf(request: { rawBody?: Buffer }, body: IDataObject): Buffer {
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.from(JSON.stringify(body), 'utf8');
}
