'use strict';

// Where a connection's CodeTether gateway and Keycloak realm are: the connection's own fields (self-hosted
// platforms; in inputData while connecting, in authData afterwards), else the app's environment (`zapier env:set`).
const trimSlash = (url) => String(url).trim().replace(/\/+$/, '');

const setting = (z, bundle, field, variable, what) => {
  const value = (bundle.authData && bundle.authData[field]) || (bundle.inputData && bundle.inputData[field]) || process.env[variable];
  if (!value) {
    throw new z.errors.Error(`${what} is not configured: fill in "${field}" on the connection or set ${variable} on the app.`, 'ConfigurationError', 400);
  }
  return trimSlash(value);
};

const apiUrl = (z, bundle) => setting(z, bundle, 'api_url', 'CODETETHER_API_URL', 'The CodeTether API URL');
const realmUrl = (z, bundle) => setting(z, bundle, 'realm_url', 'CODETETHER_REALM_URL', 'The Keycloak realm URL');

// API calls name a path (/v1/...); the gateway's address and the access token are added here, so that requests to
// the realm (absolute URLs) never carry the token.
const addApiUrlAndToken = (request, z, bundle) => {
  if (request.url.startsWith('/')) {
    request.url = apiUrl(z, bundle) + request.url;
    if (bundle.authData && bundle.authData.access_token) {
      request.headers.Authorization = `Bearer ${bundle.authData.access_token}`;
    }
  }
  request.headers.Accept = request.headers.Accept || 'application/json';
  return request;
};

// Problem details (RFC 9457) and OAuth errors become one readable message: the detail, each field's errors and the
// task the API made, if any. 401s and 429s never get here: zapier-platform-core turns them into RefreshAuthError
// (autoRefresh) and ThrottledError (with Retry-After) first.
const describeError = (response) => {
  const body = response.data && typeof response.data === 'object' ? response.data : {};
  const parts = [body.detail || body.title || body.error_description || body.error || response.content || `HTTP ${response.status}`];
  if (body.errors && typeof body.errors === 'object') {
    for (const [field, messages] of Object.entries(body.errors)) {
      parts.push(`${field}: ${[].concat(messages).join(' ')}`);
    }
  }
  if (body.task_id) parts.push(`task_id: ${body.task_id}`);
  return parts.join(' | ');
};

const throwProblem = (z, response) => {
  if (response.status >= 400) {
    throw new z.errors.Error(describeError(response), `HTTP${response.status}`, response.status);
  }
  return response;
};

// afterResponse: every request that did not ask to see its errors itself (skipThrowForStatus).
const throwForProblem = (response, z) => (response.request.skipThrowForStatus ? response : throwProblem(z, response));

// Drops fields Zapier passes as empty strings, so the API applies its own defaults.
const compact = (object) =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== null && value !== ''));

const pick = (source, fields) => compact(Object.fromEntries(fields.map((field) => [field, source[field]])));

module.exports = { realmUrl, addApiUrlAndToken, throwForProblem, throwProblem, compact, pick };
