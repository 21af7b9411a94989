#!/usr/bin/env node
// oauth4webapi (a strict, spec-following OAuth 2 client by panva) end to end against a running mcpauth server:
// the 401 challenge (RFC 6750 §3, RFC 9728 §5.1), protected resource metadata (RFC 9728), authorization server
// discovery with issuer validation (RFC 8414 §3.3), dynamic registration of a public client (RFC 7591),
// authorization code with PKCE S256 and state through a programmatically filled login form, the authorization
// response checked with iss (RFC 9207), the code exchange, the access token validated as a JWT access token
// (RFC 9068), an MCP initialize + tools/list + tools/call with that token, introspection (RFC 7662), refresh with
// rotation, reuse detection of a rotated refresh token (OAuth 2.1 §4.3.1, RFC 9700 §4.14), revocation (RFC 7009),
// and a replayed authorization code (OAuth 2.1 §4.1.2). What each step must find depends on how the server runs,
// which the environment tells the flow:
//
//   MCPAUTH_SESSION_MODE=stateless   mcpauth.auth.session-mode: stateless. No refresh token (the metadata and the
//                                    registration say so too), no sid in the access token, and neither revocation
//                                    nor a code replay can end an access token before it expires.
//   MCPAUTH_AUTH_MODE=transparent    the MCP URL is a transparent-mode gateway: its resource metadata names another
//                                    server (here another mcpauth) as the authorization server, where registration,
//                                    authorization, tokens, introspection and revocation happen. The gateway checks
//                                    the token's signature, iss, aud and expiry only, so it still accepts a token
//                                    that the authorization server has revoked, until the token expires.
//   MCPAUTH_UPSTREAM=whoami-upstream the MCP endpoint forwards to interop/upstream/server.mjs: the flow calls its
//                                    whoami-upstream tool and checks that the identity reached the upstream and
//                                    the token did not.
//
// Usage: MCPAUTH_USERNAME=alice MCPAUTH_PASSWORD=... node flow.mjs http://127.0.0.1:8080/mcp
// Prints progress lines and finally "oauth4webapi flow: OK"; exits non-zero with a message on any failure.

import { readFileSync } from 'node:fs';
import * as oauth from 'oauth4webapi';

const REQUEST_TIMEOUT_MS = 10_000;
const OVERALL_TIMEOUT_MS = 45_000;
const MCP_PROTOCOL_VERSION = '2025-06-18';

const LIBRARY_VERSION = JSON.parse(readFileSync(
    new URL('./node_modules/oauth4webapi/package.json', import.meta.url), 'utf8')).version;

// Whatever happens, the process ends: a hung request or a forgotten handle cannot keep it alive.
const watchdog = setTimeout(() => {
    console.error(`oauth4webapi flow: FAILED: did not finish within ${OVERALL_TIMEOUT_MS} ms`);
    process.exit(3);
}, OVERALL_TIMEOUT_MS);

class FlowError extends Error {}

function log(line) {
    console.log(`[oauth4webapi] ${line}`);
}

function check(condition, message) {
    if (!condition) {
        throw new FlowError(message);
    }
}

function timeout() {
    return AbortSignal.timeout(REQUEST_TIMEOUT_MS);
}

// The test server is plain http on 127.0.0.1 (a loopback-only JUnit fixture), and oauth4webapi refuses
// non-https endpoints unless told otherwise. allowInsecureRequests only lifts that https requirement; every
// other check of the library stays on. A deployed mcpauth is reached over https and needs none of this.
const options = { [oauth.allowInsecureRequests]: true, signal: () => timeout() };

/** Expects `promise` to reject with an OAuth error response whose `error` is `code`; returns that error. */
async function expectOAuthError(promise, code, what) {
    try {
        await promise;
    } catch (error) {
        check(error instanceof oauth.ResponseBodyError,
            `${what}: expected an OAuth error response, got ${error?.name}: ${error?.message}`);
        check(error.error === code, `${what}: expected error ${code}, got ${error.status} ${error.error}`
            + ` (${error.error_description ?? 'no description'})`);
        return error;
    }
    throw new FlowError(`${what}: expected error ${code}, but it succeeded`);
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

function postForm(url, fields, cookie) {
    return fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams(fields),
        signal: timeout()
    });
}

/**
 * What a browser and a user do with the authorization URL: load the login page, keep its CSRF cookie, sign in
 * (and approve the consent page if one is shown), and take the 303 redirect. Returns the redirect's URL, which
 * carries the authorization response; it is not followed, since nothing listens on the redirect URI.
 */
async function signInLikeABrowser(authorizationUrl, username, password) {
    const page = await fetch(authorizationUrl, { redirect: 'manual', signal: timeout() });
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

    log(`browser: POST ${loginUrl.pathname} as ${username} (request_id, csrf_token, ${cookieName} cookie)`);
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
        answer = await postForm(new URL(consent.action, authorizationUrl), { ...consent.hidden, decision: 'approve' },
            cookie);
    }
    const location = answer.headers.get('location');
    check(answer.status === 303 && location,
        `expected a 303 redirect after sign-in, got ${answer.status}: ${location ?? pageError(await answer.text())}`);
    await answer.body?.cancel();
    return new URL(location, authorizationUrl);
}

/** One authorization (PKCE S256, state, resource) ending with the validated authorization response. */
async function authorize(as, client, redirectUri, resource, username, password) {
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
    const state = oauth.generateRandomState();
    const authorizationUrl = new URL(as.authorization_endpoint);
    authorizationUrl.search = new URLSearchParams({
        response_type: 'code',
        client_id: client.client_id,
        redirect_uri: redirectUri,
        scope: 'mcp',
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
        resource
    }).toString();
    log(`browser: GET ${authorizationUrl.pathname}?${[...authorizationUrl.searchParams.keys()].join('&')}`);

    const redirect = await signInLikeABrowser(authorizationUrl, username, password);
    check(`${redirect.origin}${redirect.pathname}` === redirectUri,
        `redirected to ${redirect.origin}${redirect.pathname}, not to our redirect_uri ${redirectUri}`);
    // Checks state, refuses an error response, and, because the metadata says
    // authorization_response_iss_parameter_supported, requires iss and compares it with the issuer (RFC 9207 §2.4).
    const parameters = oauth.validateAuthResponse(as, client, redirect, state);
    log(`authorization response validated: code present, state matches, iss=${redirect.searchParams.get('iss')}`);
    return { parameters, codeVerifier, redirect };
}

/** A JSON-RPC request over Streamable HTTP (JSON or a one-shot SSE stream in answer). */
async function mcp(mcpUrl, accessToken, sessionId, message) {
    const headers = {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': MCP_PROTOCOL_VERSION
    };
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    if (sessionId) headers['mcp-session-id'] = sessionId;
    const response = await fetch(mcpUrl, { method: 'POST', headers, body: JSON.stringify(message), signal: timeout() });
    const text = await response.text();
    let body;
    if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        const data = text.split(/\r?\n/).filter(l => l.startsWith('data:')).map(l => l.slice(5).trim()).filter(Boolean);
        body = data.length ? JSON.parse(data[data.length - 1]) : undefined;
    } else {
        body = text ? JSON.parse(text) : undefined;
    }
    return { status: response.status, headers: response.headers, body };
}

/** MCP initialize, notifications/initialized, tools/list and tools/call of the expected tool with `accessToken`. */
async function whoami(mcpUrl, accessToken, expected) {
    const init = await mcp(mcpUrl, accessToken, undefined, {
        jsonrpc: '2.0', id: 1, method: 'initialize',
        params: {
            protocolVersion: MCP_PROTOCOL_VERSION,
            capabilities: {},
            clientInfo: { name: 'mcpauth-interop-oauth4webapi', version: '0.0.0' }
        }
    });
    check(init.status === 200 && init.body?.result, `initialize answered ${init.status} ${JSON.stringify(init.body)}`);
    const sessionId = init.headers.get('mcp-session-id');
    check(sessionId, 'initialize returned no Mcp-Session-Id header');
    log(`MCP initialize: ${init.body.result.serverInfo?.name} protocolVersion=${init.body.result.protocolVersion}`
        + ' Mcp-Session-Id present');

    const initialized = await mcp(mcpUrl, accessToken, sessionId, { jsonrpc: '2.0', method: 'notifications/initialized' });
    check(initialized.status === 202 || initialized.status === 200,
        `notifications/initialized answered ${initialized.status}`);

    const list = await mcp(mcpUrl, accessToken, sessionId, { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} });
    check(list.status === 200 && Array.isArray(list.body?.result?.tools),
        `tools/list answered ${list.status} ${JSON.stringify(list.body)}`);
    const names = list.body.result.tools.map(t => t.name);
    check(names.includes(expected.tool), `tools/list has no ${expected.tool}: ${names.join(', ')}`);

    const call = await mcp(mcpUrl, accessToken, sessionId, {
        jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: expected.tool, arguments: {} }
    });
    check(call.status === 200 && call.body?.result,
        `tools/call ${expected.tool} answered ${call.status} ${JSON.stringify(call.body)}`);
    check(!call.body.result.isError, `${expected.tool} returned an error: ${JSON.stringify(call.body.result.content)}`);
    if (expected.tool === 'whoami-upstream') {
        return whoamiUpstream(call.body.result, expected);
    }
    const identity = call.body.result.structuredContent;
    check(identity, `whoami returned no structuredContent: ${JSON.stringify(call.body.result)}`);
    check(identity.subject === expected.subject, `whoami subject is ${identity.subject}, expected ${expected.subject}`);
    check(identity.anonymous === false, 'whoami says the caller is anonymous');
    check(identity.client_id === expected.clientId, `whoami client_id ${identity.client_id}, expected ${expected.clientId}`);
    check(Array.isArray(identity.scopes) && identity.scopes.includes('mcp'),
        `whoami scopes ${JSON.stringify(identity.scopes)} do not include mcp`);
    check(Array.isArray(identity.audience) && identity.audience.includes(expected.resource),
        `whoami audience ${JSON.stringify(identity.audience)} does not include ${expected.resource}`);
    log(`MCP tools/list: ${names.join(', ')}; tools/call whoami: subject=${identity.subject}`
        + ` client_id=${identity.client_id} scopes=${identity.scopes.join(' ')} audience=${identity.audience.join(' ')}`);
    return identity;
}

/** The gateway's upstream (interop/upstream/server.mjs) must see who calls, never the client's token. */
function whoamiUpstream(result, expected) {
    const text = result.content?.[0]?.text;
    check(typeof text === 'string', `whoami-upstream returned no text content: ${JSON.stringify(result)}`);
    const seen = JSON.parse(text);
    const headers = seen.headers ?? {};
    check(headers['x-mcpauth-subject'] === expected.subject,
        `the upstream saw subject ${headers['x-mcpauth-subject']}, expected ${expected.subject}`);
    check(headers['x-mcpauth-client-id'] === expected.clientId,
        `the upstream saw client ${headers['x-mcpauth-client-id']}, expected ${expected.clientId}`);
    check(headers['x-mcpauth-anonymous'] === 'false', `the upstream saw anonymous=${headers['x-mcpauth-anonymous']}`);
    check((headers['x-mcpauth-scopes'] ?? '').split(' ').includes('mcp'),
        `the upstream saw scopes ${headers['x-mcpauth-scopes']}, without mcp`);
    check(seen.authorization === false, 'the client\'s token reached the upstream (token passthrough)');
    // The identity assertion is a JWT the gateway signs for the upstream; here only its header and subject are read.
    const assertion = headers['x-mcpauth-assertion'];
    check(typeof assertion === 'string' && assertion.split('.').length === 3,
        `the upstream got no identity assertion JWT: ${assertion}`);
    const [header, payload] = assertion.split('.').slice(0, 2)
        .map(part => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    check(header.typ === 'mcpauth-identity+jwt', `the identity assertion has typ ${header.typ}`);
    check(payload.sub === expected.subject, `the identity assertion names sub ${payload.sub}`);
    log(`MCP tools/call whoami-upstream: the upstream saw subject=${headers['x-mcpauth-subject']}`
        + ` client_id=${headers['x-mcpauth-client-id']} scopes=${headers['x-mcpauth-scopes']}, an identity assertion`
        + ' (typ mcpauth-identity+jwt), and no Authorization header');
    return seen;
}

/** An MCP initialize with `accessToken` must be refused with 401 and a Bearer invalid_token challenge. */
async function expectRefusedAtMcp(mcpUrl, accessToken, what) {
    const response = await mcp(mcpUrl, accessToken, undefined, {
        jsonrpc: '2.0', id: 1, method: 'initialize',
        params: { protocolVersion: MCP_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'x', version: '0' } }
    });
    check(response.status === 401, `the MCP endpoint answered ${response.status} to ${what}, expected 401`);
    const challenge = response.headers.get('www-authenticate') ?? '';
    check(/^Bearer /.test(challenge) && /error="invalid_token"/.test(challenge),
        `the 401 for ${what} has WWW-Authenticate: ${challenge}`);
}

async function introspect(as, client, token, hint) {
    const response = await oauth.introspectionRequest(as, client, oauth.None(), token,
        { ...options, additionalParameters: { token_type_hint: hint } });
    return oauth.processIntrospectionResponse(as, client, response);
}

function exchangeCode(as, client, authorization, redirectUri, resource) {
    return oauth.authorizationCodeGrantRequest(as, client, oauth.None(), authorization.parameters, redirectUri,
        authorization.codeVerifier, { ...options, additionalParameters: { resource } })
        .then(response => oauth.processAuthorizationCodeResponse(as, client, response));
}

function refresh(as, client, refreshToken, resource) {
    const additionalParameters = resource ? { resource } : {};
    return oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshToken, { ...options, additionalParameters })
        .then(response => oauth.processRefreshTokenResponse(as, client, response));
}

/** An environment variable that must be unset or one of `values`, so that a typo cannot skip checks silently. */
function setting(name, values) {
    const value = process.env[name];
    check(value === undefined || value === '' || values.includes(value),
        `${name}=${value} is not one of ${values.join(', ')}`);
    return value || values[0];
}

async function run() {
    const mcpUrl = process.argv[2];
    const username = process.env.MCPAUTH_USERNAME;
    const password = process.env.MCPAUTH_PASSWORD;
    check(mcpUrl, 'usage: node flow.mjs <mcp url> (with MCPAUTH_USERNAME and MCPAUTH_PASSWORD set)');
    check(username && password, 'MCPAUTH_USERNAME and MCPAUTH_PASSWORD must be set');
    const stateless = setting('MCPAUTH_SESSION_MODE', ['stateful', 'stateless']) === 'stateless';
    const transparent = setting('MCPAUTH_AUTH_MODE', ['orchestrated', 'transparent']) === 'transparent';
    const tool = setting('MCPAUTH_UPSTREAM', ['', 'whoami-upstream']) === 'whoami-upstream' ? 'whoami-upstream' : 'whoami';
    log(`oauth4webapi ${LIBRARY_VERSION}, Node ${process.version}, MCP endpoint ${mcpUrl}`);
    log(`expecting: ${transparent ? 'a transparent gateway' : 'an orchestrated server'},`
        + ` ${stateless ? 'stateless' : 'stateful'} sessions, tool ${tool}`);

    // 1. The MCP endpoint's challenge, parsed by oauth4webapi's strict RFC 6750 WWW-Authenticate parser.
    log('step 1: call the MCP endpoint with an unknown token; expect a Bearer challenge naming resource_metadata');
    let challenge;
    try {
        await oauth.protectedResourceRequest('not-a-token', 'POST', new URL(mcpUrl),
            new Headers({ 'content-type': 'application/json', accept: 'application/json, text/event-stream' }),
            JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'ping' }), options);
        throw new FlowError('the MCP endpoint accepted an unknown token');
    } catch (error) {
        if (!(error instanceof oauth.WWWAuthenticateChallengeError)) throw error;
        check(error.status === 401, `expected 401 for an unknown token, got ${error.status}`);
        challenge = error.cause.find(c => c.scheme === 'bearer');
    }
    check(challenge, 'no Bearer challenge in WWW-Authenticate');
    const resourceMetadataUrl = challenge.parameters.resource_metadata;
    check(resourceMetadataUrl, `the Bearer challenge has no resource_metadata: ${JSON.stringify(challenge.parameters)}`);
    check(new URL(resourceMetadataUrl).origin === new URL(mcpUrl).origin,
        `resource_metadata ${resourceMetadataUrl} is not on the MCP endpoint's origin`);
    log(`401 challenge: Bearer error=${challenge.parameters.error} resource_metadata=${resourceMetadataUrl}`);

    // 2. Protected resource metadata (RFC 9728 §3); its resource must be the URL we called (§3.3).
    const prmResponse = await fetch(resourceMetadataUrl, { headers: { accept: 'application/json' }, signal: timeout() });
    check(prmResponse.status === 200, `protected resource metadata answered ${prmResponse.status}`);
    const prm = await prmResponse.json();
    check(prm.resource === mcpUrl, `protected resource metadata names resource ${prm.resource}, not ${mcpUrl}`);
    check(Array.isArray(prm.authorization_servers) && prm.authorization_servers.length > 0,
        'protected resource metadata names no authorization_servers');
    const resource = prm.resource;
    const issuer = new URL(prm.authorization_servers[0]);
    if (transparent) {
        check(issuer.origin !== new URL(mcpUrl).origin,
            `a transparent gateway names itself (${issuer.href}) as its authorization server, not the IdP`);
    } else {
        check(issuer.origin === new URL(mcpUrl).origin,
            `an orchestrated server names ${issuer.href} as its authorization server, not itself`);
    }
    log(`protected resource metadata: resource=${resource} authorization_servers=${prm.authorization_servers.join(' ')}`);

    // 3. Discovery: processDiscoveryResponse refuses metadata whose issuer is not the one asked for (RFC 8414 §3.3).
    log('step 2: authorization server discovery (RFC 8414) with issuer validation');
    const as = await oauth.processDiscoveryResponse(issuer,
        await oauth.discoveryRequest(issuer, { ...options, algorithm: 'oauth2' }));
    check(as.code_challenge_methods_supported?.includes('S256'), 'metadata does not list S256');
    check(as.authorization_response_iss_parameter_supported === true,
        'metadata does not announce authorization_response_iss_parameter_supported');
    check(as.registration_endpoint && as.introspection_endpoint && as.revocation_endpoint,
        'metadata lacks registration_endpoint, introspection_endpoint or revocation_endpoint');
    const grantTypes = as.grant_types_supported ?? [];
    check(grantTypes.includes('authorization_code'), `grant_types_supported is ${JSON.stringify(grantTypes)}`);
    check(grantTypes.includes('refresh_token') === !stateless, stateless
        ? `a stateless server advertises the refresh_token grant, which it never issues: ${JSON.stringify(grantTypes)}`
        : `grant_types_supported lacks refresh_token: ${JSON.stringify(grantTypes)}`);
    log(`discovered issuer ${as.issuer}: authorization_response_iss_parameter_supported=true, PKCE S256,`
        + ` grant types ${grantTypes.join(' ')}, registration, introspection and revocation endpoints`);

    // 4. Dynamic registration of a public client (RFC 7591). Nothing listens on the redirect URI: the browser
    //    step reads the 303's Location instead of following it. Any loopback port is fine (RFC 8252 §7.3).
    //    The client asks for refresh tokens whatever the server is; a stateless server replaces that (§3.2.1).
    log('step 3: dynamic client registration (RFC 7591), public client');
    const redirectUri = 'http://127.0.0.1:53682/callback';
    const registration = await oauth.dynamicClientRegistrationRequest(as, {
        client_name: 'mcpauth interop (oauth4webapi)',
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code']
    }, options);
    const client = await oauth.processDynamicClientRegistrationResponse(registration);
    check(client.client_id, 'registration returned no client_id');
    check(!client.client_secret, 'a public client (token_endpoint_auth_method none) got a client_secret');
    check(client.token_endpoint_auth_method === 'none',
        `registered token_endpoint_auth_method is ${client.token_endpoint_auth_method}, asked for none`);
    check(JSON.stringify(client.grant_types) === JSON.stringify(stateless
            ? ['authorization_code'] : ['authorization_code', 'refresh_token']),
        `registered grant_types ${JSON.stringify(client.grant_types)} do not match what the server issues`);
    log(`registered client_id=${client.client_id} token_endpoint_auth_method=${client.token_endpoint_auth_method}`
        + ` grant_types=${client.grant_types.join(' ')}`);

    // 5. Authorization code with PKCE and state; the response validated with iss.
    log('step 4: authorization request (PKCE S256, state, resource) and login form');
    const first = await authorize(as, client, redirectUri, resource, username, password);

    // A response without iss must be refused, since the metadata promises it (RFC 9207 §2.4).
    const withoutIss = new URL(first.redirect);
    withoutIss.searchParams.delete('iss');
    try {
        oauth.validateAuthResponse(as, client, withoutIss, first.redirect.searchParams.get('state'));
        throw new FlowError('oauth4webapi accepted an authorization response without iss');
    } catch (error) {
        if (error instanceof FlowError) throw error;
        check(error.code === oauth.INVALID_RESPONSE && /"iss"/.test(error.message),
            `an authorization response without iss was refused for another reason: ${error.code} ${error.message}`);
        log(`the same response without iss is refused: ${error.message}`);
    }

    // 6. The code exchange.
    log('step 5: code exchange (authorizationCodeGrantRequest + processAuthorizationCodeResponse)');
    const tokens = await exchangeCode(as, client, first, redirectUri, resource);
    check(tokens.token_type === 'bearer', `token_type is ${tokens.token_type}`);
    check(tokens.access_token, 'the token response lacks access_token');
    check(Boolean(tokens.refresh_token) === !stateless, stateless
        ? 'a stateless server issued a refresh token' : 'the token response lacks refresh_token');
    check(typeof tokens.expires_in === 'number' && tokens.expires_in > 0, `expires_in is ${tokens.expires_in}`);
    log(`tokens: token_type=${tokens.token_type} expires_in=${tokens.expires_in} scope=${tokens.scope}`
        + ` refresh_token=${tokens.refresh_token ? 'yes' : 'no'}`);

    // The access token is a JWT access token (RFC 9068): typ at+jwt, signature by the JWKS, iss, aud, exp, ...
    // With stateful sessions it names its grant (sid), which is how revocation reaches the MCP endpoint.
    const claims = await oauth.validateJwtAccessToken(as,
        new Request(mcpUrl, { headers: { authorization: `Bearer ${tokens.access_token}` } }), resource, options);
    check(claims.sub === username && claims.client_id === client.client_id,
        `access token claims sub=${claims.sub} client_id=${claims.client_id}`);
    check((typeof claims.sid === 'string') === !stateless, stateless
        ? `a stateless access token names a grant: sid=${claims.sid}` : 'the access token has no sid');
    log(`access token validated as RFC 9068 JWT: iss=${claims.iss} sub=${claims.sub} aud=${[].concat(claims.aud).join(' ')}`
        + ` scope=${claims.scope} sid=${claims.sid ? 'yes' : 'no'}`);

    // 7. The MCP endpoint with the access token.
    log(`step 6: MCP initialize, tools/list and tools/call ${tool} with the access token`);
    const expected = { subject: username, clientId: client.client_id, resource, tool };
    await whoami(mcpUrl, tokens.access_token, expected);

    // 8. Introspection (RFC 7662) at the authorization server.
    log('step 7: introspection (RFC 7662)');
    const atInfo = await introspect(as, client, tokens.access_token, 'access_token');
    check(atInfo.active === true, `the access token introspects as ${JSON.stringify(atInfo)}`);
    check(atInfo.sub === username && atInfo.client_id === client.client_id,
        `introspection sub=${atInfo.sub} client_id=${atInfo.client_id}`);
    check([].concat(atInfo.aud ?? []).includes(resource), `introspection aud ${JSON.stringify(atInfo.aud)}`);
    if (stateless) {
        log(`introspection: access token active (sub=${atInfo.sub}, scope=${atInfo.scope}); no refresh token to ask about`);
    } else {
        const rtInfo = await introspect(as, client, tokens.refresh_token, 'refresh_token');
        check(rtInfo.active === true, `the refresh token introspects as ${JSON.stringify(rtInfo)}`);
        log(`introspection: access token active (sub=${atInfo.sub}, scope=${atInfo.scope}), refresh token active`);
    }

    if (stateless) {
        log('steps 8-9 (refresh, rotation, reuse detection) do not apply: a stateless server issues no refresh'
            + ' token, and the client re-authorizes instead, as steps 10 and 11 do');
    } else {
        // 9. Refresh with rotation.
        log('step 8: refresh (refreshTokenGrantRequest + processRefreshTokenResponse); expect rotation');
        const refreshed = await refresh(as, client, tokens.refresh_token, resource);
        check(refreshed.access_token && refreshed.access_token !== tokens.access_token,
            'refresh issued no new access token');
        check(refreshed.refresh_token && refreshed.refresh_token !== tokens.refresh_token,
            'refresh did not rotate the refresh token (OAuth 2.1 §4.3.1)');
        const rotatedInfo = await introspect(as, client, tokens.refresh_token, 'refresh_token');
        check(rotatedInfo.active === false,
            `the rotated refresh token still introspects as ${JSON.stringify(rotatedInfo)}`);
        await whoami(mcpUrl, refreshed.access_token, expected);
        log('refresh: new access token, rotated refresh token; the old one introspects inactive');

        // 10. Reuse of the rotated refresh token: invalid_grant, and the family is revoked (RFC 9700 §4.14).
        log('step 9: reuse the rotated refresh token; expect invalid_grant and the family revoked');
        const reuse = await expectOAuthError(refresh(as, client, tokens.refresh_token),
            'invalid_grant', 'reusing a rotated refresh token');
        log(`reuse refused: ${reuse.status} ${reuse.error}`);
        await expectOAuthError(refresh(as, client, refreshed.refresh_token),
            'invalid_grant', 'the latest refresh token after reuse was detected');
        log('the latest refresh token of the family is revoked as well');
    }

    // 11. Revocation (RFC 7009) on a second grant.
    log(`step 10: a second authorization, then revocation (RFC 7009) of its ${stateless ? 'access' : 'refresh'} token`);
    const second = await authorize(as, client, redirectUri, resource, username, password);
    const tokens2 = await exchangeCode(as, client, second, redirectUri, resource);
    await whoami(mcpUrl, tokens2.access_token, expected);
    const revoked = stateless
        ? { token: tokens2.access_token, hint: 'access_token' }
        : { token: tokens2.refresh_token, hint: 'refresh_token' };
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, oauth.None(), revoked.token,
        { ...options, additionalParameters: { token_type_hint: revoked.hint } }));
    log('revocation answered 200');
    if (stateless) {
        // Nothing is stored that could be revoked: the token lives out its (short) lifetime, as documented.
        const stillActive = await introspect(as, client, tokens2.access_token, 'access_token');
        check(stillActive.active === true,
            `a stateless access token should outlive its revocation, but introspects as ${JSON.stringify(stillActive)}`);
        await whoami(mcpUrl, tokens2.access_token, expected);
        log('after revocation: stateless, so the access token stays active until it expires (introspection and'
            + ' the MCP endpoint agree)');
    } else {
        const revokedRt = await introspect(as, client, tokens2.refresh_token, 'refresh_token');
        check(revokedRt.active === false, `the revoked refresh token introspects as ${JSON.stringify(revokedRt)}`);
        const revokedAt = await introspect(as, client, tokens2.access_token, 'access_token');
        check(revokedAt.active === false,
            `the access token of the revoked grant introspects as ${JSON.stringify(revokedAt)}`);
        await expectOAuthError(refresh(as, client, tokens2.refresh_token),
            'invalid_grant', 'refreshing with a revoked refresh token');
        if (transparent) {
            await whoami(mcpUrl, tokens2.access_token, expected);
            log('after revocation: both tokens introspect inactive at the authorization server and refresh is'
                + ' invalid_grant; the transparent gateway, which checks signature, iss, aud and expiry only,'
                + ' still accepts the access token until it expires');
        } else {
            await expectRefusedAtMcp(mcpUrl, tokens2.access_token, 'an access token of a revoked grant');
            log('after revocation: both tokens introspect inactive, the MCP endpoint answers 401, refresh is'
                + ' invalid_grant');
        }
    }

    // Revoking an unknown token is not an error (RFC 7009 §2.2).
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, oauth.None(), 'no-such-token', options));
    log('revoking an unknown token answered 200 (RFC 7009 §2.2)');

    // 12. A replayed authorization code (OAuth 2.1 §4.1.2): refused; with stateful sessions the grant it created is
    //     revoked as well, while a stateless server has nothing to revoke.
    log('step 11: a third authorization, then the same code redeemed twice');
    const third = await authorize(as, client, redirectUri, resource, username, password);
    const tokens3 = await exchangeCode(as, client, third, redirectUri, resource);
    const replay = await expectOAuthError(exchangeCode(as, client, third, redirectUri, resource),
        'invalid_grant', 'redeeming an authorization code a second time');
    log(`replay refused: ${replay.status} ${replay.error} (${replay.error_description ?? 'no description'})`);
    const afterReplay = await introspect(as, client, tokens3.access_token, 'access_token');
    if (stateless) {
        check(afterReplay.active === true,
            `a stateless access token should outlive a code replay, but introspects as ${JSON.stringify(afterReplay)}`);
        await whoami(mcpUrl, tokens3.access_token, expected);
        log('after the replay: stateless, so the first redemption\'s access token stays active until it expires');
    } else {
        check(afterReplay.active === false,
            `the access token of the replayed code introspects as ${JSON.stringify(afterReplay)}`);
        await expectOAuthError(refresh(as, client, tokens3.refresh_token),
            'invalid_grant', 'refreshing with the refresh token of a replayed code');
        if (transparent) {
            await whoami(mcpUrl, tokens3.access_token, expected);
            log('after the replay: the grant is revoked at the authorization server (access token inactive, refresh'
                + ' invalid_grant); the transparent gateway still accepts the access token until it expires');
        } else {
            await expectRefusedAtMcp(mcpUrl, tokens3.access_token, 'the access token of a replayed code');
            log('after the replay: the grant is revoked: access token inactive, MCP endpoint 401, refresh invalid_grant');
        }
    }
}

try {
    await run();
    clearTimeout(watchdog);
    console.log('oauth4webapi flow: OK');
    process.exit(0);
} catch (error) {
    clearTimeout(watchdog);
    let detail = error instanceof FlowError ? error.message : (error?.stack ?? String(error));
    if (error?.code) detail = `${error.code}: ${detail}`;
    for (let cause = error?.cause; cause; cause = cause.cause) {
        detail += `\n  caused by: ${cause.code ? cause.code + ' ' : ''}${cause.message ?? JSON.stringify(cause)}`;
        if (typeof cause !== 'object') break;
    }
    console.error(`oauth4webapi flow: FAILED: ${detail}`);
    process.exit(1);
}
