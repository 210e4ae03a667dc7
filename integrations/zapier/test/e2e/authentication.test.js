'use strict';

const zapier = require('zapier-platform-core');
const { App, appTester, connect } = require('./platform');

describe('authentication (OAuth2 with the realm)', () => {
  let authData;
  beforeAll(async () => {
    authData = await connect();
  });

  test('the authorize URL is the realm\'s, with the app\'s client and the document\'s scopes', async () => {
    const url = new URL(await appTester(App.authentication.oauth2Config.authorizeUrl, { inputData: { redirect_uri: 'https://example.com/cb', state: 's1' } }));
    expect(url.origin + url.pathname).toBe(`${process.env.CODETETHER_REALM_URL}/protocol/openid-connect/auth`);
    expect(url.searchParams.get('client_id')).toBe(process.env.CLIENT_ID);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope').split(' ')).toEqual(expect.arrayContaining(App.authentication.oauth2Config.scope.split(' ')));
  });

  test('the code gives an access token and a refresh token', () => {
    expect(authData.access_token.split('.')).toHaveLength(3);
    expect(authData.refresh_token).toEqual(expect.any(String));
  });

  test('the connection test reads who is connected, and the label shows the user and the tenant', async () => {
    const me = await appTester(App.authentication.test, { authData });
    expect(me).toMatchObject({ auth: 'oauth', tenant_id: expect.any(String), tenant_name: expect.any(String) });
    expect(me.scopes.sort()).toEqual(App.authentication.oauth2Config.scope.split(' ').sort());
    const label = await appTester(App.authentication.connectionLabel, { authData, inputData: me });
    const claims = JSON.parse(Buffer.from(authData.access_token.split('.')[1], 'base64url').toString());
    expect(label).toBe(`${claims.email} (${me.tenant_name})`);
  });

  test('an expired token asks Zapier to refresh it (RefreshAuthError), and the refreshed one works', async () => {
    const expired = { ...(await connect()), access_token: process.env.CODETETHER_EXPIRED_ACCESS_TOKEN };
    await expect(appTester(App.creates.create_task.operation.perform, { authData: expired, inputData: { title: 'Zap: too late', model: 'simulator' } }))
      .rejects.toBeInstanceOf(zapier.errors.RefreshAuthError);
    const refreshed = await appTester(App.authentication.oauth2Config.refreshAccessToken, { authData: expired });
    const task = await appTester(App.creates.create_task.operation.perform, { authData: { ...expired, ...refreshed }, inputData: { title: 'Zap: refreshed', model: 'simulator' } });
    expect(task.status).toBe('queued');
  });

  test('a refused token asks Zapier to refresh it (RefreshAuthError), and the refreshed one works', async () => {
    const stale = { ...authData, access_token: `${authData.access_token.slice(0, -4)}AAAA` };
    await expect(appTester(App.authentication.test, { authData: stale })).rejects.toBeInstanceOf(zapier.errors.RefreshAuthError);

    const refreshed = await appTester(App.authentication.oauth2Config.refreshAccessToken, { authData: stale });
    expect(refreshed.access_token).not.toBe(authData.access_token);
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    const me = await appTester(App.authentication.test, { authData: { ...stale, ...refreshed } });
    expect(me.auth).toBe('oauth');
  });

  test('a refresh token is used once: the realm rotates it, and the app keeps the new one', async () => {
    const connection = await connect();
    const first = await appTester(App.authentication.oauth2Config.refreshAccessToken, { authData: connection });
    await expect(appTester(App.authentication.oauth2Config.refreshAccessToken, { authData: connection })).rejects.toThrow(/invalid_grant|refresh token/i);
    const second = await appTester(App.authentication.oauth2Config.refreshAccessToken, { authData: { ...connection, ...first } });
    expect(second.access_token).toEqual(expect.any(String));
  });

  test("a connection's own API and realm URLs win over the app's environment (self-hosted platforms)", async () => {
    const saved = { api: process.env.CODETETHER_API_URL, realm: process.env.CODETETHER_REALM_URL };
    try {
      process.env.CODETETHER_API_URL = 'http://127.0.0.1:9/nowhere';
      process.env.CODETETHER_REALM_URL = 'http://127.0.0.1:9/realms/nowhere';
      const own = { ...authData, api_url: `${saved.api}/`, realm_url: saved.realm };
      const me = await appTester(App.authentication.test, { authData: own });
      expect(me.auth).toBe('oauth');
      const url = await appTester(App.authentication.oauth2Config.authorizeUrl, { inputData: { redirect_uri: 'https://example.com/cb', state: 's', realm_url: saved.realm } });
      expect(url.startsWith(`${saved.realm}/protocol/openid-connect/auth?`)).toBe(true);
    } finally {
      process.env.CODETETHER_API_URL = saved.api;
      process.env.CODETETHER_REALM_URL = saved.realm;
    }
  });

  test('without a configured API URL the error says what to set', async () => {
    const saved = process.env.CODETETHER_API_URL;
    try {
      delete process.env.CODETETHER_API_URL;
      await expect(appTester(App.authentication.test, { authData })).rejects.toThrow(/CODETETHER_API_URL/);
    } finally {
      process.env.CODETETHER_API_URL = saved;
    }
  });
});
