#!/usr/bin/env node
// The official MCP TypeScript SDK client through mcpauth's gateway in public mode, in front of an upstream MCP
// server (interop/upstream/server.mjs): no login at all; each connection is its own anonymous session; the
// public-access tool limit hides and refuses tools; a forged session id is refused; sessions can be terminated.
//
// Usage: node public-flow.mjs http://127.0.0.1:8080/mcp
// Expects the gateway to allow exactly the tools echo and whoami-upstream (of echo, whoami-upstream, slow, notify).
// Prints progress lines and finally "ts-sdk public flow: OK"; exits non-zero with a message on any failure.

import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const REQUEST_TIMEOUT_MS = 15_000;
const OVERALL_TIMEOUT_MS = 60_000;
const TOOL_NOT_ALLOWED = -32003;

const watchdog = setTimeout(() => {
    console.error(`ts-sdk public flow: FAILED: did not finish within ${OVERALL_TIMEOUT_MS} ms`);
    process.exit(3);
}, OVERALL_TIMEOUT_MS);

class FlowError extends Error {}

function log(line) {
    console.log(`[ts-sdk public] ${line}`);
}

function check(condition, message) {
    if (!condition) {
        throw new FlowError(message);
    }
}

function fetchWithTimeout(url, init = {}) {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(url, { ...init, signal });
}

async function connect(url, name, options = {}) {
    const client = new Client({ name, version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(url, { fetch: fetchWithTimeout, ...options });
    await client.connect(transport);
    return { client, transport };
}

async function whoami(client) {
    const result = await client.callTool({ name: 'whoami-upstream', arguments: {} });
    return JSON.parse(result.content[0].text);
}

async function main() {
    const url = new URL(process.argv[2] ?? '');

    const first = await connect(url, 'public-flow-first');
    check(first.transport.sessionId, 'no Mcp-Session-Id after initialize');
    log(`connected without any login; session ${first.transport.sessionId}`);

    const tools = (await first.client.listTools()).tools.map(tool => tool.name).sort();
    check(JSON.stringify(tools) === JSON.stringify(['echo', 'whoami-upstream']),
        `tools/list should show only the allowed tools, got ${JSON.stringify(tools)}`);
    log(`tools/list filtered: ${tools.join(', ')}`);

    const echoed = await first.client.callTool({ name: 'echo', arguments: { text: 'hello through the gateway' } });
    check(echoed.content?.[0]?.text === 'hello through the gateway', `echo answered ${JSON.stringify(echoed)}`);
    log('echo answered through the gateway');

    const firstIdentity = await whoami(first.client);
    const firstSubject = firstIdentity.headers['x-mcpauth-subject'];
    check(firstIdentity.headers['x-mcpauth-anonymous'] === 'true', `not anonymous: ${JSON.stringify(firstIdentity)}`);
    check(typeof firstSubject === 'string' && firstSubject.startsWith('anonymous-'), `subject ${firstSubject}`);
    check(firstIdentity.authorization === false, 'an Authorization header reached the upstream');
    check(typeof firstIdentity.headers['x-mcpauth-assertion'] === 'string', 'no identity assertion upstream');
    log(`upstream sees anonymous subject ${firstSubject}`);

    let refused = null;
    try {
        await first.client.callTool({ name: 'slow', arguments: { ms: 1 } });
    } catch (e) {
        refused = e;
    }
    check(refused && refused.code === TOOL_NOT_ALLOWED,
        `tools/call slow should fail with ${TOOL_NOT_ALLOWED}, got ${refused ? `${refused.code} ${refused.message}` : 'success'}`);
    log(`tools/call of a tool outside the limit refused: ${refused.message}`);

    const second = await connect(url, 'public-flow-second');
    check(second.transport.sessionId && second.transport.sessionId !== first.transport.sessionId,
        'the second client should get a session of its own');
    const secondSubject = (await whoami(second.client))['headers']['x-mcpauth-subject'];
    check(secondSubject !== firstSubject, `both clients were ${secondSubject}`);
    log(`a second client is another anonymous principal: ${secondSubject}`);

    // A client naming a session it was never given: the SDK skips initialize when a session id is set.
    const forged = await connect(url, 'public-flow-forged', { sessionId: randomUUID() });
    let forgedError = null;
    try {
        await forged.client.listTools();
    } catch (e) {
        forgedError = e;
    }
    check(forgedError && forgedError.code === 404, `a forged session id should get 404, got ${forgedError?.code ?? 'success'}`);
    log('a forged session id is refused with 404');
    await forged.client.close();

    await first.transport.terminateSession();
    check(first.transport.sessionId === undefined, 'the session id survived DELETE');
    log('session terminated with DELETE');

    await first.client.close();
    await second.client.close();
    console.log('ts-sdk public flow: OK');
}

main().then(() => {
    clearTimeout(watchdog);
    process.exit(0);
}, e => {
    console.error(`ts-sdk public flow: FAILED: ${e instanceof FlowError ? e.message : (e?.stack ?? e)}`);
    process.exit(1);
});
