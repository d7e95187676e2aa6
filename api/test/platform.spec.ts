import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestApp, TestApp } from './support/app.js';

describe('platform behaviour every route shares', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.createUser({ email: 'admin@platform.nhs.uk', grants: [{ role: 'platform_admin' }] });
  });
  afterAll(() => t?.close());

  it('reports the database as reachable', async () => {
    const res = await t.client().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up', demo: false });
  });

  it('returns a correlation id on every response, and keeps a well-formed one the caller sent', async () => {
    const fresh = await t.client().get('/api/health');
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await t
      .client()
      .request('GET', '/api/auth/session', { headers: { 'x-request-id': 'trace-abc-12345' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-abc-12345');
    const hostile = await t
      .client()
      .request('GET', '/api/health', { headers: { 'x-request-id': '<script>alert(1)</script>' } });
    expect(hostile.headers.get('x-request-id')).not.toContain('<');
  });

  it('answers malformed JSON with a plain 400 that names the problem and carries the correlation id', async () => {
    const c = await t.client().start();
    const res = await c.request('POST', '/api/auth/sign-in', {
      rawBody: '{"email": "a@b.nhs.uk", "password": ',
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'BAD_REQUEST',
      message: 'The request body is not valid JSON.',
      correlationId: res.headers.get('x-request-id'),
    });
  });

  it('names each invalid field and refuses unknown ones', async () => {
    const c = t.client();
    await c.signIn('admin@platform.nhs.uk', PASSWORD);
    const res = await c.post('/api/trusts', { name: '', odsCode: 'no spaces', isDemo: true });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'name', message: 'Enter the trust name (200 characters or fewer)' },
        { field: 'odsCode', message: 'ODS code must be 3 to 10 letters and numbers, like RXX' },
        { field: 'isDemo', message: 'property isDemo should not exist' },
      ]),
    );
  });

  it('answers unknown API paths and non-UUID ids with 404 JSON, never HTML or a stack trace', async () => {
    const c = t.client();
    await c.signIn('admin@platform.nhs.uk', PASSWORD);
    for (const path of [
      '/api/no-such-thing',
      '/api/trusts/not-a-uuid',
      '/api/trusts/00000000-0000-4000-8000-000000000000',
    ]) {
      const res = await c.get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+|SELECT|QueryFailedError/);
    }
  });

  it('turns an unexpected failure into a 500 that reveals nothing', async () => {
    const c = t.client();
    await c.signIn('admin@platform.nhs.uk', PASSWORD);
    // Break the schema underneath the app: the query fails inside PostgreSQL.
    await t.sql(`ALTER TABLE trust RENAME COLUMN ods_code TO ods_code_gone`);
    try {
      const res = await c.get('/api/trusts');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        statusCode: 500,
        code: 'INTERNAL',
        message: 'Something went wrong on our side. Try again later.',
        correlationId: res.headers.get('x-request-id'),
      });
    } finally {
      await t.sql(`ALTER TABLE trust RENAME COLUMN ods_code_gone TO ods_code`);
    }
  });

  it('refuses an oversized body with 413', async () => {
    const c = await t.client().start();
    const res = await c.post('/api/auth/password-reset', { email: 'a'.repeat(2_000_000) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('sends security headers', async () => {
    const res = await t.client().get('/api/health');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
