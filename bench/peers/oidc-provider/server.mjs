// Benchmark peer: node oidc-provider set up like mcpauth's orchestrated-local mode.
// One public client (token_endpoint_auth_method none) with PKCE required, JWT access tokens for one resource
// (resource indicators, accessTokenFormat 'jwt') signed ALG (ES256 or RS256), refresh tokens rotated on every use,
// the default in-memory adapter, and one user whose password is checked with bcrypt, as the other servers do.
// Usage: PORT=9100 ALG=ES256 PASSWORD_HASH='$2b$04$...' REDIRECT_URI=http://127.0.0.1:9/cb node server.mjs
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import bcrypt from 'bcryptjs';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT ?? 9100);
const alg = process.env.ALG ?? 'ES256';
const passwordHash = process.env.PASSWORD_HASH;
const redirectUri = process.env.REDIRECT_URI ?? 'http://127.0.0.1:9/cb';
const issuer = `http://127.0.0.1:${port}`;
const resource = `${issuer}/mcp`;
const username = 'bench';
if (!passwordHash) throw new Error('PASSWORD_HASH is required');

function signingKey() {
  const { privateKey } = alg === 'ES256'
    ? crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), alg, use: 'sig', kid: crypto.randomUUID() };
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'bench',
    token_endpoint_auth_method: 'none',
    application_type: 'native',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    id_token_signed_response_alg: alg,
  }],
  jwks: { keys: [signingKey()] },
  enabledJWA: { idTokenSigningAlgValues: [alg] },
  cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
  findAccount: (ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'mcp',
        audience: resource,
        accessTokenTTL: 3600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg } },
      }),
    },
  },
  // refresh tokens for every client allowed the grant (mcpauth has no offline_access), independent of the
  // login session, rotated on every use
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  expiresWithSession: async () => false,
  rotateRefreshToken: () => true,
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    RefreshToken: 30 * 24 * 3600,
    Grant: 30 * 24 * 3600,
    Interaction: 600,
    Session: 3600,
  },
});
provider.proxy = false;

const page = (uid) => `<!doctype html><title>Sign in</title><form method="post" action="/interaction/${uid}/login">`
  + `<input type="hidden" name="uid" value="${uid}"><input name="username"><input type="password" name="password">`
  + '<button>Sign in</button></form>';

async function form(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  const match = /^\/interaction\/([^/?]+)(\/login)?/.exec(req.url);
  if (!match) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (!match[2] && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(page(details.uid));
    }
    if (match[2] && req.method === 'POST') {
      const body = await form(req);
      const ok = body.get('username') === username && await bcrypt.compare(body.get('password') ?? '', passwordHash);
      if (!ok) {
        res.writeHead(401, { 'content-type': 'text/plain' });
        return res.end('invalid credentials');
      }
      const grant = new provider.Grant({ accountId: username, clientId: details.params.client_id });
      grant.addResourceScope(resource, 'mcp');
      const grantId = await grant.save();
      return provider.interactionFinished(req, res, { login: { accountId: username }, consent: { grantId } },
        { mergeWithLastSubmission: false });
    }
    res.writeHead(405).end();
  } catch (err) {
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(String(err?.message ?? err));
  }
});
server.listen(port, '127.0.0.1', () => console.log(`oidc-provider peer listening on ${issuer} (${alg})`));
