import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

export const API_KEY_PREFIX = 'ct_';

export class CodeTetherApi implements ICredentialType {
	name = 'codeTetherApi';

	displayName = 'CodeTether API';

	documentationUrl = 'https://docs.codetether.io/integrations/n8n';

	icon = 'file:../icons/codetether.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'ct_...',
			description: 'Your CodeTether API key. It starts with ct_.',
		},
		{
			displayName: 'API Domain',
			name: 'apiDomain',
			type: 'string',
			default: 'https://api.codetether.io',
			description: 'Where the CodeTether API is. Self-hosted: your instance URL, for example http://127.0.0.1:8080.',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Your webhook signing secret (PUT /v1/webhooks/secret). When set, the CodeTether Trigger runs only for calls signed with it and answers 401 to any other.',
		},
	];

	// A function rather than a header template, so that a key of the wrong kind fails with a clear
	// message before any request is sent (the credential test included).
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const apiKey = String(credentials.apiKey ?? '').trim();
		if (!apiKey.startsWith(API_KEY_PREFIX)) {
			throw new Error(`The CodeTether API key must start with ${API_KEY_PREFIX}: check the "CodeTether API" credential.`);
		}
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${apiKey}` },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.apiDomain || "https://api.codetether.io").replace(/\\/+$/, "") }}',
			url: '/v1/automation/me',
		},
	};
}
