import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

export const CREDENTIAL_NAME = 'codeTetherApi';
export const DEFAULT_API_DOMAIN = 'https://api.codetether.io';

type ApiContext = IExecuteFunctions | IHookFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	headers?: IDataObject;
}

export function apiBaseUrl(apiDomain: unknown): string {
	return String(apiDomain || DEFAULT_API_DOMAIN).replace(/\/+$/, '');
}

/** Calls the CodeTether API with the node's credential; any answer of 400 or more becomes a NodeApiError with the API's own words. */
export async function codeTetherApiRequest(this: ApiContext, request: ApiRequest): Promise<IDataObject> {
	const credentials = await this.getCredentials(CREDENTIAL_NAME);
	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_NAME, {
			method: request.method,
			baseURL: apiBaseUrl(credentials.apiDomain),
			url: request.path,
			body: request.body,
			qs: request.qs,
			headers: request.headers,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
	if (response.statusCode >= 400) {
		throw apiError(this.getNode(), response);
	}
	return (parseBody(response.body) ?? {}) as IDataObject;
}

/**
 * The error a user sees for a refused request: the message is the problem details' `detail` (or `title`), followed
 * by each invalid field from `errors`; a 429 also says when to retry, from `Retry-After`.
 */
export function apiError(node: INode, response: IN8nHttpFullResponse): NodeApiError {
	const status = response.statusCode;
	const body = parseBody(response.body);
	const problem: IDataObject = body && typeof body === 'object' && !Array.isArray(body) ? (body as IDataObject) : {};
	const title = typeof problem.title === 'string' ? problem.title : undefined;
	const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
	const fieldErrors = describeFieldErrors(problem.errors);

	let message = detail ?? title ?? (typeof body === 'string' && body.trim() ? body.trim() : `HTTP ${status}`);
	if (fieldErrors.length > 0) {
		message = `${message} ${fieldErrors.join('; ')}`;
	}
	const retryAfter = header(response, 'retry-after');
	if (status === 429 && retryAfter !== undefined && !message.includes('Retry after')) {
		message = `${message} Retry after ${retryAfter} seconds.`;
	}

	const description = [
		`CodeTether answered ${status}${title ? ` ${title}` : ''}.`,
		status === 401 ? 'Check that the API key in the "CodeTether API" credential is valid and starts with ct_.' : undefined,
		status === 429 && retryAfter !== undefined ? `Retry-After: ${retryAfter} seconds.` : undefined,
		typeof problem.instance === 'string' ? `Request: ${problem.instance}` : undefined,
	]
		.filter(Boolean)
		.join(' ');

	return new NodeApiError(node, problem as JsonObject, { message, description, httpCode: String(status) });
}

function describeFieldErrors(errors: unknown): string[] {
	if (!errors || typeof errors !== 'object' || Array.isArray(errors)) return [];
	return Object.entries(errors as Record<string, unknown>).map(([field, messages]) => {
		const text = Array.isArray(messages) ? messages.join(' ') : String(messages);
		return `${field}: ${text}`;
	});
}

function parseBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	if (body === '') return undefined;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

function header(response: IN8nHttpFullResponse, name: string): string | undefined {
	const value = Object.entries(response.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
	if (value === undefined || value === null) return undefined;
	return Array.isArray(value) ? String(value[0]) : String(value);
}

/** Sets the fields of an n8n collection (camelCase names) on an API body under their snake_case names, skipping empty ones. */
export function snakeCaseFields(fields: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const [name, value] of Object.entries(fields)) {
		if (value === '' || value === undefined || value === null) continue;
		body[name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)] = value;
	}
	return body;
}
