import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestApp, TestApp } from './support/app.js';
import { TestClient } from './support/client.js';

const linkToken = (body: string) => /\/set-password\?token=([\w-]+)/.exec(body)?.[1];

describe('trusts, invitations and roles', () => {
  let t: TestApp;
  let admin: TestClient;
  let lnd: TestClient;
  let trustId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.createUser({ email: 'admin@platform.nhs.uk', grants: [{ role: 'platform_admin' }] });
    admin = t.client();
    await admin.signIn('admin@platform.nhs.uk', PASSWORD);
  });
  afterAll(() => t?.close());

  it('creates a trust and refuses a second with the same ODS code', async () => {
    const created = await admin.post('/api/trusts', { name: '  Northfield NHS Trust ', odsCode: 'rnf' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Northfield NHS Trust',
      odsCode: 'RNF',
      memberCount: 0,
      isDemo: false,
    });
    trustId = created.body.id;
    const dup = await admin.post('/api/trusts', { name: 'Another', odsCode: 'RNF' });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toBe('A trust with ODS code RNF already exists.');
    const [{ n }] = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM trust`);
    expect(n).toBe('1');
    const [audit] = await t.sql<{ action: string }>(`SELECT action FROM audit_event WHERE entity_id = $1`, [
      trustId,
    ]);
    expect(audit.action).toBe('trust.create');
  });

  it('invites an L&D admin, who sets a password from the emailed link and signs in', async () => {
    const res = await admin.post(`/api/trusts/${trustId}/invitations`, {
      email: 'Lead@Northfield.nhs.uk',
      displayName: 'Lee Lead',
      role: 'lnd_admin',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'lead@northfield.nhs.uk', role: 'lnd_admin', status: 'invited' });

    const outbox = await admin.get('/api/admin/outbox');
    const mail = outbox.body.find((m: { to: string }) => m.to === 'lead@northfield.nhs.uk');
    expect(mail).toMatchObject({
      subject: 'You have been invited to CQ Pathway',
      status: 'stored',
      sentAt: null,
    });
    const token = linkToken(mail.body);
    expect(token).toBeTruthy();

    expect((await t.client().signIn('lead@northfield.nhs.uk', 'lead-password-123')).status).toBe(401);
    const c = await t.client().start();
    expect(
      (await c.post('/api/auth/password-reset/complete', { token, password: 'lead-password-123' })).status,
    ).toBe(204);
    lnd = t.client();
    const signIn = await lnd.signIn('lead@northfield.nhs.uk', 'lead-password-123');
    expect(signIn.status).toBe(200);
    expect(signIn.body.user.roles).toEqual([expect.objectContaining({ role: 'lnd_admin', trustId })]);
  });

  it('lets an L&D admin invite learners to their own trust but not make L&D admins', async () => {
    const ok = await lnd.post(`/api/trusts/${trustId}/invitations`, {
      email: 'manager@northfield.nhs.uk',
      displayName: 'Mo Manager',
      role: 'learner',
    });
    expect(ok.status).toBe(201);
    const refused = await lnd.post(`/api/trusts/${trustId}/invitations`, {
      email: 'x@northfield.nhs.uk',
      displayName: 'X',
      role: 'lnd_admin',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('Only a platform admin can make someone an L&D admin.');
    const members = await lnd.get(`/api/trusts/${trustId}/members`);
    expect(members.body.map((m: { email: string; role: string }) => `${m.email}:${m.role}`).sort()).toEqual([
      'lead@northfield.nhs.uk:lnd_admin',
      'manager@northfield.nhs.uk:learner',
    ]);
  });

  it('links an existing account by email instead of creating a second one, and does not re-invite it', async () => {
    const other = await admin.post('/api/trusts', { name: 'Second Trust', odsCode: 'RST' });
    const before = await t.sql(`SELECT id FROM outbound_email`);
    const res = await admin.post(`/api/trusts/${other.body.id}/invitations`, {
      email: 'manager@northfield.nhs.uk',
      displayName: 'Ignored',
      role: 'learner',
    });
    expect(res.status).toBe(201);
    expect(res.body.displayName).toBe('Mo Manager');
    const users = await t.sql(`SELECT id FROM user_account WHERE email = 'manager@northfield.nhs.uk'`);
    expect(users).toHaveLength(1);
    expect(await t.sql(`SELECT id FROM outbound_email`)).toHaveLength(before.length);
  });

  it('grants and revokes roles, checks the scope each role needs, and keeps the last platform admin', async () => {
    const acct = await admin.post('/api/accounts', {
      email: 'analyst@uni.ac.uk',
      displayName: 'Ana Analyst',
    });
    expect(acct.status).toBe(201);
    const study = await admin.post('/api/studies', {
      name: 'Pilot',
      description: 'Pre/post',
      trustIds: [trustId],
    });
    expect(study.status).toBe(201);

    const noScope = await admin.post(`/api/accounts/${acct.body.id}/roles`, { role: 'researcher' });
    expect(noScope.status).toBe(400);
    expect(noScope.body.details).toEqual([
      { field: 'studyId', message: 'Choose the study this role applies to.' },
    ]);
    const missingTrust = await admin.post(`/api/accounts/${acct.body.id}/roles`, {
      role: 'learner',
      trustId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missingTrust.status).toBe(400);

    const grant = await admin.post(`/api/accounts/${acct.body.id}/roles`, {
      role: 'researcher',
      studyId: study.body.id,
    });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ role: 'researcher', studyId: study.body.id, studyName: 'Pilot' });
    const again = await admin.post(`/api/accounts/${acct.body.id}/roles`, {
      role: 'researcher',
      studyId: study.body.id,
    });
    expect(again.body.id).toBe(grant.body.id);

    const list = await admin.get('/api/accounts?q=analyst');
    expect(list.body).toHaveLength(1);
    expect(list.body[0].roles).toHaveLength(1);

    expect((await admin.delete(`/api/accounts/${acct.body.id}/roles/${grant.body.id}`)).status).toBe(204);
    expect((await admin.get('/api/accounts?q=analyst')).body[0].roles).toEqual([]);

    const me = (await admin.get('/api/auth/session')).body.user;
    const last = await admin.delete(`/api/accounts/${me.id}/roles/${me.roles[0].id}`);
    expect(last.status).toBe(409);
    expect(last.body.message).toMatch(/last platform admin/);
  });

  it('treats % and _ in a search as text, not wildcards', async () => {
    expect((await admin.get('/api/accounts?q=%25')).body).toEqual([]);
  });
});
