'use strict';

const { realmUrl } = require('./lib/api');

// The Zapier document's scopes (docs/gateway.md, "Scopes").
const SCOPES = ['tasks:read', 'tasks:write', 'messages:write', 'codebases:read', 'agents:read', 'billing:read', 'cronjobs:write'];

const tokenUrl = (z, bundle) => `${realmUrl(z, bundle)}/protocol/openid-connect/token`;

// Keycloak rotates refresh tokens: every answer carries the one to keep.
const requestToken = async (z, bundle, form) => {
  const response = await z.request({
    method: 'POST',
    url: tokenUrl(z, bundle),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: { client_id: process.env.CLIENT_ID, client_secret: process.env.CLIENT_SECRET, ...form },
  });
  const { access_token, refresh_token, expires_in } = response.data;
  return { access_token, refresh_token: refresh_token || form.refresh_token, expires_in };
};

const authorizeUrl = (z, bundle) => {
  const query = new URLSearchParams({
    client_id: process.env.CLIENT_ID,
    redirect_uri: bundle.inputData.redirect_uri,
    response_type: 'code',
    scope: ['openid', ...SCOPES].join(' '),
    state: bundle.inputData.state,
  });
  return `${realmUrl(z, bundle)}/protocol/openid-connect/auth?${query}`;
};

const getAccessToken = (z, bundle) =>
  requestToken(z, bundle, { grant_type: 'authorization_code', code: bundle.inputData.code, redirect_uri: bundle.inputData.redirect_uri });

const refreshAccessToken = (z, bundle) =>
  requestToken(z, bundle, { grant_type: 'refresh_token', refresh_token: bundle.authData.refresh_token });

const test = async (z) => (await z.request({ url: '/v1/automation/me' })).data;

// Who is connected: the user's name from the access token (Keycloak puts it there), and the CodeTether tenant.
const connectionLabel = (z, bundle) => {
  const me = bundle.inputData;
  let claims = {};
  try {
    claims = JSON.parse(Buffer.from(bundle.authData.access_token.split('.')[1], 'base64url').toString('utf8'));
  } catch {
    // Not a JWT: the subject the API reports names the user.
  }
  const user = claims.email || claims.preferred_username || me.subject;
  return `${user} (${me.tenant_name})`;
};

module.exports = {
  type: 'oauth2',
  fields: [
    {
      key: 'api_url',
      label: 'CodeTether API URL',
      required: false,
      type: 'string',
      helpText: "Only for a self-hosted CodeTether: your gateway's address, such as `https://codetether.example.com`. Leave empty for the app's default.",
    },
    {
      key: 'realm_url',
      label: 'Keycloak Realm URL',
      required: false,
      type: 'string',
      helpText: "Only for a self-hosted CodeTether: your Keycloak realm, such as `https://sso.example.com/realms/codetether`. Leave empty for the app's default.",
    },
  ],
  oauth2Config: {
    authorizeUrl,
    getAccessToken,
    refreshAccessToken,
    autoRefresh: true,
    scope: SCOPES.join(' '),
  },
  test,
  connectionLabel,
};
