#!/usr/bin/env node
// An upstream MCP server for mcpauth's gateway tests, built on the official MCP TypeScript SDK: McpServer behind
// StreamableHTTPServerTransport with stateful sessions, answering POSTs with SSE streams (enableJsonResponse: false).
//
// Tools:
//   echo             returns its `text` argument
//   whoami-upstream  the X-MCPAuth-* headers that reached this server, and whether an Authorization header did
//   slow             sends a progress notification (when the request has a progress token), waits `ms`, answers
//   notify           sends notifications/tools/list_changed on the session's standalone GET stream
//
// Usage: node server.mjs <port>        (0: any free port)
// Prints "mcp upstream listening on http://127.0.0.1:<port>/mcp" once it accepts connections, and exits when its
// standard input closes (so a test that dies cannot leave it running).

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

const port = Number.parseInt(process.argv[2] ?? '0', 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('usage: node server.mjs <port>');
    process.exit(2);
}

/** Live sessions: id -> transport. */
const transports = new Map();

function mcpServer() {
    const server = new McpServer({ name: 'mcpauth-test-upstream', version: '1.0.0' });

    server.registerTool('echo', {
        description: 'Returns its argument.',
        inputSchema: { text: z.string() },
    }, async ({ text }) => ({ content: [{ type: 'text', text }] }));

    server.registerTool('whoami-upstream', {
        description: 'The identity headers the gateway sent, and whether a client token reached this server.',
        inputSchema: {},
    }, async (_args, extra) => {
        const received = extra.requestInfo?.headers ?? {};
        const identity = {};
        for (const [name, value] of Object.entries(received)) {
            if (name.toLowerCase().startsWith('x-mcpauth-')) {
                identity[name.toLowerCase()] = value;
            }
        }
        const seen = { headers: identity, authorization: Object.keys(received).some(n => n.toLowerCase() === 'authorization') };
        return { content: [{ type: 'text', text: JSON.stringify(seen) }] };
    });

    server.registerTool('slow', {
        description: 'Reports progress, then waits ms milliseconds before answering.',
        inputSchema: { ms: z.number().int().min(0).max(120000) },
    }, async ({ ms }, extra) => {
        const progressToken = extra._meta?.progressToken;
        if (progressToken !== undefined) {
            await extra.sendNotification({
                method: 'notifications/progress',
                params: { progressToken, progress: 0, total: 1, message: 'started' },
            });
        }
        await new Promise(resolve => setTimeout(resolve, ms));
        return { content: [{ type: 'text', text: `slept ${ms} ms` }] };
    });

    server.registerTool('notify', {
        description: 'Sends a server-initiated notification on the standalone GET stream.',
        inputSchema: {},
    }, async () => {
        server.sendToolListChanged();
        return { content: [{ type: 'text', text: 'notified' }] };
    });

    return server;
}

function readJson(req) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        req.on('data', chunk => chunks.push(chunk));
        req.on('end', () => {
            try {
                resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
            } catch (e) {
                reject(e);
            }
        });
        req.on('error', reject);
    });
}

function jsonRpcError(res, status, message) {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message } }));
}

const httpServer = http.createServer(async (req, res) => {
    try {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (url.pathname !== '/mcp') {
            res.writeHead(404).end();
            return;
        }
        const sessionId = req.headers['mcp-session-id'];
        const transport = sessionId ? transports.get(sessionId) : undefined;
        if (req.method === 'POST') {
            let body;
            try {
                body = await readJson(req);
            } catch {
                jsonRpcError(res, 400, 'Parse error');
                return;
            }
            if (transport) {
                await transport.handleRequest(req, res, body);
            } else if (!sessionId && isInitializeRequest(body)) {
                const created = new StreamableHTTPServerTransport({
                    sessionIdGenerator: () => randomUUID(),
                    enableJsonResponse: false,
                    onsessioninitialized: id => transports.set(id, created),
                });
                created.onclose = () => {
                    if (created.sessionId) {
                        transports.delete(created.sessionId);
                    }
                };
                await mcpServer().connect(created);
                await created.handleRequest(req, res, body);
            } else {
                jsonRpcError(res, sessionId ? 404 : 400, sessionId ? 'Session not found' : 'Mcp-Session-Id required');
            }
        } else if (req.method === 'GET' || req.method === 'DELETE') {
            if (transport) {
                await transport.handleRequest(req, res);
            } else {
                jsonRpcError(res, sessionId ? 404 : 400, sessionId ? 'Session not found' : 'Mcp-Session-Id required');
            }
        } else {
            res.writeHead(405, { Allow: 'GET, POST, DELETE' }).end();
        }
    } catch (e) {
        console.error('upstream: request failed:', e);
        if (!res.headersSent) {
            jsonRpcError(res, 500, 'Internal error');
        } else {
            res.end();
        }
    }
});

httpServer.listen(port, '127.0.0.1', () => {
    console.log(`mcp upstream listening on http://127.0.0.1:${httpServer.address().port}/mcp`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
