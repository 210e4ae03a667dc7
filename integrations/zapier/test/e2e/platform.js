'use strict';

// End-to-end tests run the app with Zapier's app tester against a running CodeTether platform, through its gateway,
// signed in with OAuth2 against its Keycloak realm (in tests: the fake realm of tests/CodeTether.Testing, which
// signs its one user in at once). Set by the C# test that runs them (tests/CodeTether.Tests.EndToEnd/Zapier):
//   CODETETHER_API_URL    the gateway
//   CODETETHER_REALM_URL  the realm (…/realms/<name>)
//   CLIENT_ID, CLIENT_SECRET  the app's OAuth client in that realm
//   CODETETHER_CODEBASE_ID     a codebase of an online agent
//   CODETETHER_SPENDING_LIMIT  the spending limit set for the realm user's tenant
//   CODETETHER_EXPIRED_ACCESS_TOKEN  an access token of the realm's user that has expired
const crypto = require('crypto');
const http = require('http');
const zapier = require('zapier-platform-core');
const App = require('../../index');
const document = require('../document');

const appTester = zapier.createAppTester(App);
const REDIRECT_URI = 'https://zapier.com/dashboard/auth/oauth/return/App000CLIAPI/';

for (const variable of ['CODETETHER_API_URL', 'CODETETHER_REALM_URL', 'CLIENT_ID', 'CLIENT_SECRET', 'CODETETHER_CODEBASE_ID', 'CODETETHER_SPENDING_LIMIT',
  'CODETETHER_EXPIRED_ACCESS_TOKEN']) {
  if (!process.env[variable]) {
    throw new Error(`${variable} is not set: the end-to-end tests need a running platform and realm (integrations/zapier/README.md, "Tests").`);
  }
}

// Zapier's OAuth2 flow: the authorize URL, the user signing in (the realm redirects back with a code), the code
// exchanged for tokens. Answers the authData Zapier keeps.
async function connect() {
  const state = crypto.randomUUID();
  const authorizeUrl = await appTester(App.authentication.oauth2Config.authorizeUrl, { inputData: { redirect_uri: REDIRECT_URI, state } });
  const answer = await fetch(authorizeUrl, { redirect: 'manual' });
  if (answer.status !== 302) throw new Error(`The realm answered ${answer.status} to ${authorizeUrl}: ${await answer.text()}`);
  const back = new URL(answer.headers.get('location'));
  expect(back.origin + back.pathname).toBe(REDIRECT_URI);
  expect(back.searchParams.get('state')).toBe(state);
  const tokens = await appTester(App.authentication.oauth2Config.getAccessToken, {
    inputData: { code: back.searchParams.get('code'), redirect_uri: REDIRECT_URI, state },
  });
  return { access_token: tokens.access_token, refresh_token: tokens.refresh_token };
}

// The test platform's codebase, found as a Zap would find it (Find Codebase), and its agent.
async function platformCodebase(authData) {
  const codebases = await appTester(App.searches.find_codebase.operation.perform, { authData, inputData: { name: 'sample' } });
  const codebase = codebases.find((c) => c.id === process.env.CODETETHER_CODEBASE_ID);
  if (!codebase) throw new Error(`Find Codebase did not find ${process.env.CODETETHER_CODEBASE_ID}: ${JSON.stringify(codebases)}`);
  return { codebaseId: codebase.id, agentName: codebase.worker };
}

async function eventually(what, probe, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
}

// A task's final state, read with the Find Task search.
const finished = (authData, taskId) =>
  eventually(`task ${taskId} to finish`, async () => {
    const [task] = await appTester(App.searches.find_task.operation.perform, { authData, inputData: { task_id: taskId } });
    return ['completed', 'failed', 'cancelled'].includes(task.status) && task;
  });

// Where Zapier would receive REST hooks: an HTTP server on loopback keeping every JSON body it is sent.
async function hookReceiver() {
  const received = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(body) });
      response.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: (path) => `http://127.0.0.1:${server.address().port}/${path}`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

// Every output field the document lists for the component is in the result, with the document's type.
function expectDocumentOutputs(kind, key, result) {
  for (const [field, type] of Object.entries(document[kind][key].outputs)) {
    const value = result[field];
    const seen = [field, value];
    if (type === 'datetime') expect(seen).toEqual([field, expect.stringMatching(ISO_TIME)]);
    else if (type === 'number') expect(seen).toEqual([field, expect.any(Number)]);
    else if (type === 'boolean') expect(seen).toEqual([field, expect.any(Boolean)]);
    else expect(seen).toEqual([field, expect.any(String)]);
  }
}

module.exports = { App, appTester, connect, platformCodebase, eventually, finished, hookReceiver, expectDocumentOutputs };
