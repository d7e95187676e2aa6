import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestApp, TestApp } from './support/app.js';

describe('sign-in, sessions and CSRF', () => {
  let t: TestApp;
  let trustId: string;

  beforeAll(async () => {
    t = await startTestApp({ SIGN_IN_MAX_FAILURES: '5', SIGN_IN_WINDOW_SECONDS: '3' });
    trustId = await t.createTrust('Test Trust', 'TST01');
    await t.createUser({ email: 'manager@trust.nhs.uk', grants: [{ role: 'learner', trustId }] });
    await t.createUser({ email: 'throttled@trust.nhs.uk', grants: [{ role: 'learner', trustId }] });
  });
  afterAll(() => t?.close());

  it('signs in, sets an httpOnly SameSite session cookie and reports the user and roles', async () => {
    const c = t.client();
    const res = await c.signIn('Manager@Trust.nhs.uk ', PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.cookies.find((x) => x.startsWith('cqp_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    expect(res.body.user.email).toBe('manager@trust.nhs.uk');
    expect(res.body.user.roles).toEqual([
      expect.objectContaining({ role: 'learner', trustId, trustName: 'Test Trust' }),
    ]);
    const session = await c.get('/api/auth/session');
    expect(session.body.user.email).toBe('manager@trust.nhs.uk');
    const [row] = await t.sql<{ id: string }>(`SELECT id FROM user_session`);
    expect(row.id).not.toBe(c.cookie('cqp_session'));
  });

  it('marks the session cookie Secure when the request came over TLS through a trusted proxy', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: '1' });
    try {
      const tid = await proxied.createTrust('Proxied Trust', 'PRX01');
      await proxied.createUser({ email: 'p@trust.nhs.uk', grants: [{ role: 'learner', trustId: tid }] });
      const c = proxied.client();
      await c.start();
      const res = await c.request('POST', '/api/auth/sign-in', {
        body: { email: 'p@trust.nhs.uk', password: PASSWORD },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(res.status).toBe(200);
      expect(res.cookies.find((x) => x.startsWith('cqp_session='))).toMatch(/;\s*Secure/i);
    } finally {
      await proxied.close();
    }
  });

  it('refuses a wrong password with a message a person can act on', async () => {
    const res = await t.client().signIn('manager@trust.nhs.uk', 'not-the-password');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: expect.stringMatching(/email address or password/),
    });
    expect(res.cookies.some((x) => x.startsWith('cqp_session='))).toBe(false);
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const c = t.client();
    await c.start();
    const res = await c.request('POST', '/api/auth/sign-in', {
      body: { email: 'manager@trust.nhs.uk', password: PASSWORD },
      csrf: false,
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CSRF_FAILED');
  });

  it('refuses a CSRF token that belongs to another session', async () => {
    const a = t.client();
    const b = t.client();
    await a.signIn('manager@trust.nhs.uk', PASSWORD);
    await b.signIn('manager@trust.nhs.uk', PASSWORD);
    const res = await a.request('POST', '/api/auth/sign-out', {
      headers: { 'x-csrf-token': b.csrfToken! },
      csrf: false,
    });
    expect(res.status).toBe(403);
    expect((await a.get('/api/auth/session')).body.user).not.toBeNull();
  });

  it('signs out: the session is gone on the server, not just the cookie', async () => {
    const c = t.client();
    await c.signIn('manager@trust.nhs.uk', PASSWORD);
    const stolenCookie = c.cookie('cqp_session');
    expect((await c.post('/api/auth/sign-out')).status).toBe(204);
    expect((await c.get('/api/auth/session')).body.user).toBeNull();
    const replay = await fetch(`${t.url}/api/auth/session`, {
      headers: { cookie: `cqp_session=${stolenCookie}` },
    });
    expect(((await replay.json()) as { user: unknown }).user).toBeNull();
  });

  it('throttles ten wrong passwords in a row with 429, and lets the right password in after the window', async () => {
    const c = t.client();
    await c.start();
    const statuses: number[] = [];
    let throttled;
    for (let i = 0; i < 10; i++) {
      const res = await c.post('/api/auth/sign-in', {
        email: 'throttled@trust.nhs.uk',
        password: `wrong-${i}`,
      });
      statuses.push(res.status);
      if (res.status === 429) throttled = res;
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
    expect(throttled!.body.message).toMatch(
      /Too many failed sign-in attempts\. Wait \d+ seconds? and try again/,
    );
    expect(Number(throttled!.headers.get('retry-after'))).toBeGreaterThan(0);

    const during = await c.post('/api/auth/sign-in', { email: 'throttled@trust.nhs.uk', password: PASSWORD });
    expect(during.status).toBe(429);

    await new Promise((r) => setTimeout(r, 3200));
    const after = await c.signIn('throttled@trust.nhs.uk', PASSWORD);
    expect(after.status).toBe(200);
  });

  it('does not throttle one account because another is under attack', async () => {
    const c = t.client();
    await c.start();
    await t.createUser({ email: 'target@trust.nhs.uk', grants: [{ role: 'learner', trustId }] });
    await t.createUser({ email: 'bystander@trust.nhs.uk', grants: [{ role: 'learner', trustId }] });
    for (let i = 0; i < 6; i++)
      await c.post('/api/auth/sign-in', { email: 'target@trust.nhs.uk', password: 'nope-nope-nope' });
    expect((await c.signIn('bystander@trust.nhs.uk', PASSWORD)).status).toBe(200);
  });
});

describe('housekeeping', () => {
  it('removes expired sessions and stale sign-in failures, and leaves live ones', async () => {
    const t = await startTestApp();
    try {
      const trustId = await t.createTrust('House Trust', 'HSK01');
      await t.createUser({ email: 'keeper@trust.nhs.uk', grants: [{ role: 'learner', trustId }] });
      const live = t.client();
      await live.signIn('keeper@trust.nhs.uk', PASSWORD);
      const old = t.client();
      await old.signIn('keeper@trust.nhs.uk', PASSWORD);
      await t.client().signIn('keeper@trust.nhs.uk', 'wrong-password-here');
      await t.sql(
        `UPDATE user_session SET expires_at = now() - interval '1 minute' WHERE id = (SELECT id FROM user_session ORDER BY created_at DESC LIMIT 1)`,
      );
      await t.sql(
        `INSERT INTO sign_in_failure (key, created_at) VALUES ('account:gone@x', now() - interval '2 days')`,
      );

      const { HousekeepingService } = await import('../src/modules/auth/housekeeping.service.js');
      await t.running.app.get(HousekeepingService).run();

      expect(await t.sql(`SELECT id FROM user_session`)).toHaveLength(1);
      expect((await live.get('/api/auth/session')).body.user).not.toBeNull();
      const keys = (await t.sql<{ key: string }>(`SELECT key FROM sign_in_failure ORDER BY key`)).map(
        (r) => r.key,
      );
      expect(keys).toEqual(['account:keeper@trust.nhs.uk', expect.stringMatching(/^ip:/)]);
    } finally {
      await t.close();
    }
  });
});
