import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TestApp } from './support/app.js';

const tokenFrom = (body: string) => /token=([\w-]+)/.exec(body)?.[1];

describe('password reset by single-use, expiring link', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    const trustId = await t.createTrust('Reset Trust', 'RST01');
    await t.createUser({
      email: 'forgetful@trust.nhs.uk',
      password: 'original-password-1',
      grants: [{ role: 'learner', trustId }],
    });
  });
  afterAll(() => t?.close());

  async function requestReset(email: string) {
    const c = await t.client().start();
    return c.post('/api/auth/password-reset', { email });
  }

  it('answers the same for known and unknown addresses, and only mails the known one', async () => {
    const known = await requestReset('forgetful@trust.nhs.uk');
    const unknown = await requestReset('nobody@trust.nhs.uk');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body.message).toContain('If nobody@trust.nhs.uk has an account');
    const mails = await t.sql<{ to_address: string; status: string }>(
      `SELECT to_address, status FROM outbound_email`,
    );
    expect(mails.map((m) => m.to_address)).toEqual(['forgetful@trust.nhs.uk']);
    expect(mails[0].status).toBe('stored');
  });

  it('sets a new password once; the link then stops working and old sessions end', async () => {
    const old = t.client();
    expect((await old.signIn('forgetful@trust.nhs.uk', 'original-password-1')).status).toBe(200);
    await t.sql(`DELETE FROM outbound_email`);
    await requestReset('forgetful@trust.nhs.uk');
    const [mail] = await t.sql<{ body_text: string }>(`SELECT body_text FROM outbound_email`);
    expect(mail.body_text).toMatch(/http:\/\/localhost:\d+\/reset-password\?token=/);
    const token = tokenFrom(mail.body_text)!;

    const c = await t.client().start();
    const tooShort = await c.post('/api/auth/password-reset/complete', { token, password: 'short' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'password', message: 'Password must be at least 12 characters.' }],
    });

    expect(
      (await c.post('/api/auth/password-reset/complete', { token, password: 'a-brand-new-password' })).status,
    ).toBe(204);
    const again = await c.post('/api/auth/password-reset/complete', {
      token,
      password: 'yet-another-password',
    });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('RESET_TOKEN_INVALID');
    expect(again.body.message).toMatch(/expired or has already been used/);

    expect((await old.get('/api/auth/session')).body.user).toBeNull();
    expect((await t.client().signIn('forgetful@trust.nhs.uk', 'original-password-1')).status).toBe(401);
    expect((await t.client().signIn('forgetful@trust.nhs.uk', 'a-brand-new-password')).status).toBe(200);
  });

  it('refuses an expired link', async () => {
    await t.sql(`DELETE FROM outbound_email`);
    await requestReset('forgetful@trust.nhs.uk');
    const [mail] = await t.sql<{ body_text: string }>(`SELECT body_text FROM outbound_email`);
    await t.sql(`UPDATE password_token SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`);
    const c = await t.client().start();
    const res = await c.post('/api/auth/password-reset/complete', {
      token: tokenFrom(mail.body_text),
      password: 'expired-link-password',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('RESET_TOKEN_INVALID');
    expect((await t.client().signIn('forgetful@trust.nhs.uk', 'a-brand-new-password')).status).toBe(200);
  });
});
