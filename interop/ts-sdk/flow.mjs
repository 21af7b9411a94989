#!/usr/bin/env node
// The official MCP TypeScript SDK client, end to end against a running mcpauth server:
// discovery (RFC 9728 from the 401's WWW-Authenticate, then RFC 8414), dynamic registration (RFC 7591),
// authorization code with PKCE and a programmatically filled login form, token exchange, refresh with
// rotation, the whoami tool through the MCP endpoint, and refresh-token reuse detection.
//
// Usage: MCPAUTH_USERNAME=alice MCPAUTH_PASSWORD=... node flow.mjs http://127.0.0.1:8080/mcp
// Prints progress lines and finally "ts-sdk flow: OK"; exits non-zero with a message on any failure.

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError, refreshAuthorization } from '@modelcontextprotocol/sdk/client/auth.js';

const REQUEST_TIMEOUT_MS = 15_000;
const OVERALL_TIMEOUT_MS = 75_000;

const SDK_VERSION = JSON.parse(readFileSync(
    new URL('./node_modules/@modelcontextprotocol/sdk/package.json', import.meta.url), 'utf8')).version;

// Whatever happens, the process ends: a hung request or a forgotten handle cannot keep it alive.
const watchdog = setTimeout(() => {
    console.error(`ts-sdk flow: FAILED: did not finish within ${OVERALL_TIMEOUT_MS} ms`);
    process.exit(3);
}, OVERALL_TIMEOUT_MS);

class FlowError extends Error {}

function log(line) {
    console.log(`[ts-sdk] ${line}`);
}

function check(condition, message) {
    if (!condition) {
        throw new FlowError(message);
    }
}

/** fetch with a hard per-request timeout, combined with any signal the caller (the SDK) passes. */
function fetchWithTimeout(url, init = {}) {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(url, { ...init, signal });
}

/** Every request the SDK makes, so the flow can show and check what happened on the wire. */
const wire = [];

function recordingFetch(url, init = {}) {
    const method = (init.method ?? 'GET').toUpperCase();
    const target = new URL(String(url instanceof Request ? url.url : url));
    return fetchWithTimeout(url, init).then(response => {
        wire.push({ method, path: target.pathname, status: response.status });
        log(`  sdk -> ${method} ${target.pathname} ${response.status}`);
        return response;
    });
}

function wireSince(mark) {
    return wire.slice(mark).map(r => `${r.method} ${r.path} ${r.status}`);
}

function expectOnWire(mark, pattern, what) {
    const lines = wireSince(mark);
    check(lines.some(line => pattern.test(line)), `expected ${what} on the wire, saw: ${lines.join(', ') || 'nothing'}`);
}

/** A loopback redirect target (RFC 8252 §7.3) that receives the authorization response like a native app would. */
function startCallbackServer() {
    let deliver = () => {};
    const server = http.createServer((req, res) => {
        const url = new URL(req.url, 'http://127.0.0.1');
        if (url.pathname !== '/callback') {
            res.writeHead(404).end();
            return;
        }
        res.writeHead(200, { 'content-type': 'text/plain' }).end('Authorization finished; you can close this window.');
        deliver(url.searchParams);
    });
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            resolve({
                url: `http://127.0.0.1:${server.address().port}/callback`,
                /** The query of the next request to the callback path; call before the redirect is followed. */
                next() {
                    return new Promise((resolve, reject) => {
                        const timer = setTimeout(() => reject(new FlowError('the loopback callback received nothing')),
                            REQUEST_TIMEOUT_MS);
                        deliver = query => {
                            clearTimeout(timer);
                            resolve(query);
                        };
                    });
                },
                close: () => server.close()
            });
        });
    });
}

/** An OAuthClientProvider that keeps everything in memory and plays the browser itself. */
class InMemoryOAuthProvider {
    constructor(redirectUrl, browser) {
        this._redirectUrl = redirectUrl;
        this._browser = browser;
        this._clientInformation = undefined;
        this._tokens = undefined;
        this._codeVerifier = undefined;
        this._discoveryState = undefined;
        this.lastState = undefined;
        this.authorizationCode = undefined;
        this.redirects = 0;
        this.allowRedirect = true;
    }

    get redirectUrl() {
        return this._redirectUrl;
    }

    get clientMetadata() {
        return {
            client_name: 'mcpauth interop (MCP TypeScript SDK)',
            redirect_uris: [this._redirectUrl],
            token_endpoint_auth_method: 'none',
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code']
        };
    }

    state() {
        this.lastState = randomBytes(16).toString('base64url');
        return this.lastState;
    }

    clientInformation() {
        return this._clientInformation;
    }

    saveClientInformation(information) {
        this._clientInformation = information;
    }

    tokens() {
        return this._tokens;
    }

    saveTokens(tokens) {
        this._tokens = tokens;
    }

    saveCodeVerifier(verifier) {
        this._codeVerifier = verifier;
    }

    codeVerifier() {
        if (!this._codeVerifier) {
            throw new FlowError('no PKCE code verifier saved');
        }
        return this._codeVerifier;
    }

    saveDiscoveryState(state) {
        this._discoveryState = state;
    }

    discoveryState() {
        return this._discoveryState;
    }

    invalidateCredentials(scope) {
        log(`  sdk invalidated credentials: ${scope}`);
        if (scope === 'all' || scope === 'client') this._clientInformation = undefined;
        if (scope === 'all' || scope === 'tokens') this._tokens = undefined;
        if (scope === 'all' || scope === 'verifier') this._codeVerifier = undefined;
        if (scope === 'all' || scope === 'discovery') this._discoveryState = undefined;
    }

    async redirectToAuthorization(authorizationUrl) {
        this.redirects++;
        check(this.allowRedirect, `the SDK asked for a new authorization (${authorizationUrl}) where a refresh was expected`);
        this.authorizationCode = await this._browser(authorizationUrl, this);
    }
}

function htmlUnescape(text) {
    return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity) => {
        const e = entity.toLowerCase();
        if (e === 'amp') return '&';
        if (e === 'lt') return '<';
        if (e === 'gt') return '>';
        if (e === 'quot') return '"';
        if (e === 'apos') return "'";
        return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    });
}

/** The first form of a page: its action and its hidden inputs. */
function parseForm(html) {
    const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
    if (!form) return undefined;
    const attributes = tag => {
        const out = {};
        for (const m of tag.matchAll(/([\w-]+)\s*=\s*"([^"]*)"/g)) out[m[1].toLowerCase()] = htmlUnescape(m[2]);
        return out;
    };
    const hidden = {};
    for (const input of form[2].matchAll(/<input\b([^>]*)>/gi)) {
        const a = attributes(input[1]);
        if ((a.type ?? '').toLowerCase() === 'hidden' && a.name) hidden[a.name] = a.value ?? '';
    }
    return { action: attributes(form[1]).action, hidden };
}

function pageError(html) {
    const m = /id="error"[^>]*>([\s\S]*?)<\/p>/i.exec(html);
    return m ? htmlUnescape(m[1].replace(/<[^>]+>/g, '')).trim() : html.slice(0, 300);
}

function cookieFrom(response, name) {
    for (const header of response.headers.getSetCookie()) {
        const [pair] = header.split(';');
        const eq = pair.indexOf('=');
        if (pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
    }
    return undefined;
}

async function postForm(url, fields, cookie) {
    return fetchWithTimeout(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams(fields)
    });
}

/**
 * What a browser and a user would do with the authorization URL: load the login page, sign in (and approve
 * the consent page if the server shows one), follow the redirect to the loopback callback, and hand back
 * the code after checking the response's iss (RFC 9207) and state.
 */
function browserFor(username, password, callback) {
    return async (authorizationUrl, provider) => {
        log(`browser: GET ${authorizationUrl.origin}${authorizationUrl.pathname}?${[...authorizationUrl.searchParams.keys()].join('&')}`);
        const params = authorizationUrl.searchParams;
        check(params.get('code_challenge_method') === 'S256', 'the SDK did not ask for PKCE S256');
        check(params.get('code_challenge'), 'the SDK sent no code_challenge');
        check(params.get('state') === provider.lastState, 'the authorization URL does not carry our state');

        const page = await fetchWithTimeout(authorizationUrl, { redirect: 'manual' });
        const pageHtml = await page.text();
        check(page.status === 200,
            `authorization endpoint answered ${page.status} ${page.headers.get('location') ?? pageError(pageHtml)}`);
        const login = parseForm(pageHtml);
        check(login && login.hidden.request_id && login.hidden.csrf_token,
            'the login page has no form with request_id and csrf_token');
        const cookieName = `mcpauth_csrf_${login.hidden.request_id}`;
        const csrfCookie = cookieFrom(page, cookieName);
        check(csrfCookie, `the login page set no ${cookieName} cookie`);
        const cookie = `${cookieName}=${csrfCookie}`;
        const loginUrl = new URL(login.action ?? '/oauth/login', authorizationUrl);
        check(loginUrl.pathname === '/oauth/login', `unexpected login form action ${login.action}`);

        log(`browser: POST ${loginUrl.pathname} as ${username}`);
        let answer = await postForm(loginUrl, {
            request_id: login.hidden.request_id,
            csrf_token: login.hidden.csrf_token,
            username,
            password
        }, cookie);
        if (answer.status === 200) {
            const html = await answer.text();
            const consent = parseForm(html);
            check(consent && /\/oauth\/consent$/.test(consent.action ?? ''), `sign-in failed: ${pageError(html)}`);
            log('browser: POST /oauth/consent decision=approve');
            answer = await postForm(new URL(consent.action, authorizationUrl),
                { ...consent.hidden, decision: 'approve' }, cookie);
        }
        const location = answer.headers.get('location');
        check(answer.status === 303 && location,
            `expected a 303 redirect after sign-in, got ${answer.status}: ${location ?? pageError(await answer.text())}`);
        await answer.body?.cancel();

        const redirect = new URL(location);
        check(`${redirect.origin}${redirect.pathname}` === provider.redirectUrl,
            `redirected to ${redirect.origin}${redirect.pathname}, not to our redirect_uri ${provider.redirectUrl}`);
        check(!redirect.searchParams.has('error'),
            `authorization failed: ${redirect.searchParams.get('error')} ${redirect.searchParams.get('error_description') ?? ''}`);
        const issuer = provider.discoveryState()?.authorizationServerMetadata?.issuer;
        check(issuer, 'no authorization server metadata was discovered before the redirect');
        check(redirect.searchParams.get('iss') === issuer,
            `iss ${redirect.searchParams.get('iss')} is not the issuer ${issuer} (RFC 9207)`);
        check(redirect.searchParams.get('state') === provider.lastState, 'state in the redirect is not the one sent');
        check(redirect.searchParams.get('code'), 'no code in the redirect');

        // Deliver the redirect to the loopback listener, as the browser would.
        const delivered = callback.next();
        const landing = await fetchWithTimeout(redirect);
        await landing.body?.cancel();
        check(landing.status === 200, `loopback callback answered ${landing.status}`);
        const received = await delivered;
        log(`browser: redirected to ${redirect.origin}${redirect.pathname} with code, state and iss=${received.get('iss')}`);
        return received.get('code');
    };
}

function newTransport(mcpUrl, provider) {
    return new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: recordingFetch });
}

async function connect(mcpUrl, provider) {
    const client = new Client({ name: 'mcpauth-interop-ts-sdk', version: '0.0.0' });
    const transport = newTransport(mcpUrl, provider);
    await client.connect(transport);
    return { client, transport };
}

async function whoami(client, username, expectedClientId, resource) {
    if (process.env.MCPAUTH_UPSTREAM === 'whoami-upstream') {
        return whoamiUpstream(client, username, expectedClientId);
    }
    const result = await client.callTool({ name: 'whoami' });
    check(!result.isError, `whoami returned an error: ${JSON.stringify(result.content)}`);
    const identity = result.structuredContent;
    check(identity, `whoami returned no structuredContent: ${JSON.stringify(result)}`);
    check(identity.subject === username, `whoami subject is ${identity.subject}, expected ${username}`);
    check(identity.anonymous === false, 'whoami says the caller is anonymous');
    check(Array.isArray(identity.scopes) && identity.scopes.includes('mcp'),
        `whoami scopes ${JSON.stringify(identity.scopes)} do not include mcp`);
    check(identity.client_id === expectedClientId,
        `whoami client_id ${identity.client_id} is not the registered ${expectedClientId}`);
    // RFC 8707: the token was requested for the resource named by the protected resource metadata.
    check(Array.isArray(identity.audience) && identity.audience.includes(resource),
        `whoami audience ${JSON.stringify(identity.audience)} does not include ${resource}`);
    log(`whoami: subject=${identity.subject} client_id=${identity.client_id} scopes=${identity.scopes.join(' ')} audience=${identity.audience.join(' ')}`);
    return identity;
}

/** Through the gateway to a real upstream MCP server: it must see our identity headers, never the client's token. */
async function whoamiUpstream(client, username, expectedClientId) {
    const result = await client.callTool({ name: 'whoami-upstream' });
    check(!result.isError, `whoami-upstream returned an error: ${JSON.stringify(result.content)}`);
    const seen = JSON.parse(result.content[0].text);
    check(seen.headers['x-mcpauth-subject'] === username,
        `the upstream saw subject ${seen.headers['x-mcpauth-subject']}, expected ${username}`);
    check(seen.headers['x-mcpauth-client-id'] === expectedClientId,
        `the upstream saw client ${seen.headers['x-mcpauth-client-id']}, expected ${expectedClientId}`);
    check(typeof seen.headers['x-mcpauth-assertion'] === 'string', 'the upstream got no identity assertion');
    check(seen.authorization === false, 'the client\'s token reached the upstream (token passthrough)');
    log(`whoami-upstream: the upstream saw subject=${username} client_id=${expectedClientId} and no Authorization header`);
    return seen;
}

async function tokenRequest(tokenEndpoint, fields) {
    const response = await fetchWithTimeout(tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(fields)
    });
    const text = await response.text();
    let json;
    try {
        json = JSON.parse(text);
    } catch {
        json = { raw: text };
    }
    return { status: response.status, json };
}

async function run() {
    const mcpUrl = process.argv[2];
    const stateless = process.env.MCPAUTH_SESSION_MODE === 'stateless';
    const username = process.env.MCPAUTH_USERNAME;
    const password = process.env.MCPAUTH_PASSWORD;
    check(mcpUrl, 'usage: node flow.mjs <mcp url> (with MCPAUTH_USERNAME and MCPAUTH_PASSWORD set)');
    check(username && password, 'MCPAUTH_USERNAME and MCPAUTH_PASSWORD must be set');
    log(`MCP TypeScript SDK ${SDK_VERSION}, Node ${process.version}, MCP endpoint ${mcpUrl}`);

    const callback = await startCallbackServer();
    try {
        const provider = new InMemoryOAuthProvider(callback.url, browserFor(username, password, callback));
        log(`redirect_uri ${callback.url}`);

        // 1. Unauthenticated connect: 401 -> PRM -> AS metadata -> registration -> authorization (browser).
        log('step 1: connect without a token; expect UnauthorizedError after the authorization redirect');
        let mark = wire.length;
        const first = newTransport(mcpUrl, provider);
        const firstClient = new Client({ name: 'mcpauth-interop-ts-sdk', version: '0.0.0' });
        try {
            await firstClient.connect(first);
            throw new FlowError('connect succeeded without authorization');
        } catch (error) {
            if (!(error instanceof UnauthorizedError)) throw error;
            log(`connect threw UnauthorizedError as documented: ${error.message || '(no message)'}`);
        }
        expectOnWire(mark, /^POST \/mcp 401$/, 'the unauthenticated POST /mcp answered 401');
        expectOnWire(mark, /^GET \/\.well-known\/oauth-protected-resource(\/mcp)? 200$/, 'protected resource metadata (RFC 9728)');
        expectOnWire(mark, /^GET \/\.well-known\/(oauth-authorization-server|openid-configuration)\S* 200$/,
            'authorization server metadata (RFC 8414)');
        expectOnWire(mark, /^POST \/oauth\/register 201$/, 'dynamic client registration (RFC 7591)');
        check(provider.redirects === 1, `expected one authorization redirect, saw ${provider.redirects}`);

        const discovery = provider.discoveryState();
        const metadata = discovery.authorizationServerMetadata;
        check(discovery.resourceMetadata?.resource, 'no protected resource metadata was discovered');
        log(`discovered: resource=${discovery.resourceMetadata.resource} authorization_server=${discovery.authorizationServerUrl} issuer=${metadata.issuer}`);
        const registered = provider.clientInformation();
        check(registered?.client_id, 'no client_id was registered');
        check(!registered.client_secret, 'a public client (token_endpoint_auth_method none) got a client_secret');
        check(registered.token_endpoint_auth_method === 'none',
            `registered token_endpoint_auth_method is ${registered.token_endpoint_auth_method}, asked for none`);
        check(JSON.stringify(registered.redirect_uris) === JSON.stringify([callback.url]),
            `registered redirect_uris ${JSON.stringify(registered.redirect_uris)} are not ours`);
        log(`registered: client_id=${registered.client_id} token_endpoint_auth_method=${registered.token_endpoint_auth_method}`);
        check(provider.authorizationCode, 'the browser brought back no authorization code');

        // 2. finishAuth exchanges the code; a new transport then connects with the access token.
        log('step 2: finishAuth(code), then reconnect with a new transport');
        mark = wire.length;
        await first.finishAuth(provider.authorizationCode);
        await first.close();
        expectOnWire(mark, /^POST \/oauth\/token 200$/, 'the code exchange');
        const initial = provider.tokens();
        check(initial?.access_token, 'no access token after finishAuth');
        if (stateless) {
            // session-mode stateless: nothing is stored server-side, so there is no refresh token to rotate.
            check(!initial.refresh_token, 'a stateless server issued a refresh token');
        } else {
            check(initial.refresh_token, 'no refresh token after finishAuth (grant_types includes refresh_token)');
        }
        check(String(initial.token_type).toLowerCase() === 'bearer', `token_type is ${initial.token_type}`);
        log(`tokens: token_type=${initial.token_type} expires_in=${initial.expires_in} scope=${initial.scope} refresh_token=${initial.refresh_token ? 'yes' : 'no'}`);

        let session = await connect(mcpUrl, provider);
        const tools = await session.client.listTools();
        const names = tools.tools.map(t => t.name);
        const expectedTool = process.env.MCPAUTH_UPSTREAM === 'whoami-upstream' ? 'whoami-upstream' : 'whoami';
        check(names.includes(expectedTool), `tools/list has no ${expectedTool}: ${names.join(', ')}`);
        log(`tools/list: ${names.join(', ')}`);
        await whoami(session.client, username, registered.client_id, discovery.resourceMetadata.resource);
        await session.client.close();
        if (stateless) {
            log('stateless: whoami answered through a sealed session; no refresh steps (the client re-authorizes)');
            return;
        }

        // 3. Forced refresh with the SDK's refreshAuthorization: the refresh token must rotate.
        log('step 3: refresh with refreshAuthorization; expect a rotated refresh token');
        const oldRefreshToken = initial.refresh_token;
        mark = wire.length;
        const refreshed = await refreshAuthorization(discovery.authorizationServerUrl, {
            metadata,
            clientInformation: registered,
            refreshToken: oldRefreshToken,
            resource: discovery.resourceMetadata.resource,
            fetchFn: recordingFetch
        });
        expectOnWire(mark, /^POST \/oauth\/token 200$/, 'the refresh request');
        check(refreshed.access_token && refreshed.access_token !== initial.access_token, 'refresh issued no new access token');
        check(refreshed.refresh_token && refreshed.refresh_token !== oldRefreshToken,
            'refresh did not rotate the refresh token (OAuth 2.1 §4.3.1)');
        provider.saveTokens({ ...refreshed, issuer: initial.issuer });
        log('refresh: new access token and a new (rotated) refresh token');

        session = await connect(mcpUrl, provider);
        await whoami(session.client, username, registered.client_id, discovery.resourceMetadata.resource);
        await session.client.close();

        // 4. The SDK's own refresh path: a rejected access token makes the transport refresh on the 401.
        log('step 4: present a stale access token; expect the transport to refresh on the 401 without a new authorization');
        provider.allowRedirect = false;
        const secondRefreshToken = refreshed.refresh_token;
        provider.saveTokens({ ...provider.tokens(), access_token: 'stale-' + randomBytes(8).toString('hex') });
        mark = wire.length;
        session = await connect(mcpUrl, provider);
        expectOnWire(mark, /^POST \/mcp 401$/, 'the 401 for the stale token');
        expectOnWire(mark, /^POST \/oauth\/token 200$/, 'the refresh triggered by the 401');
        const current = provider.tokens();
        check(current.refresh_token && current.refresh_token !== secondRefreshToken,
            'the transport-driven refresh did not rotate the refresh token');
        await whoami(session.client, username, registered.client_id, discovery.resourceMetadata.resource);
        log('transport refreshed the tokens itself and retried');
        await session.transport.terminateSession();
        log('session ended (DELETE /mcp)');
        await session.client.close();

        // 5. Reuse of a rotated refresh token: invalid_grant, and the whole family is revoked.
        log('step 5: reuse the first (already rotated) refresh token');
        const reuse = await tokenRequest(metadata.token_endpoint, {
            grant_type: 'refresh_token',
            refresh_token: oldRefreshToken,
            client_id: registered.client_id
        });
        check(reuse.status === 400 && reuse.json.error === 'invalid_grant',
            `reusing a rotated refresh token should fail with 400 invalid_grant, got ${reuse.status} ${JSON.stringify(reuse.json)}`);
        log(`reuse refused: ${reuse.status} ${reuse.json.error}`);
        const family = await tokenRequest(metadata.token_endpoint, {
            grant_type: 'refresh_token',
            refresh_token: current.refresh_token,
            client_id: registered.client_id
        });
        check(family.status === 400 && family.json.error === 'invalid_grant',
            `after reuse the latest refresh token should be revoked too (RFC 9700 §4.14), got ${family.status} ${JSON.stringify(family.json)}`);
        log('the latest refresh token of the family is revoked as well');
    } finally {
        callback.close();
    }
}

try {
    await run();
    clearTimeout(watchdog);
    console.log('ts-sdk flow: OK');
    process.exit(0);
} catch (error) {
    clearTimeout(watchdog);
    let detail = error instanceof FlowError ? error.message : (error?.stack ?? String(error));
    for (let cause = error?.cause; cause; cause = cause.cause) {
        detail += `\n  caused by: ${cause.code ? cause.code + ' ' : ''}${cause.message ?? cause}`;
    }
    console.error(`ts-sdk flow: FAILED: ${detail}`);
    process.exit(1);
}
