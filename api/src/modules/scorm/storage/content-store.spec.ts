import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobTooLargeError, LocalContentStore } from './content-store.js';

const text = async (s: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
};

describe('LocalContentStore', () => {
  let root: string;
  let store: LocalContentStore;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'cqp-store-'));
    store = new LocalContentStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('names a file by the SHA-256 of its bytes and reads it back, whole or by range', async () => {
    const body = '<html><body>Hello, ward huddle</body></html>';
    const blob = await store.put(Readable.from([Buffer.from(body)]));
    expect(blob).toEqual({ sha256: createHash('sha256').update(body).digest('hex'), size: body.length });
    expect(await text(await store.open(blob.sha256))).toBe(body);
    expect(await text(await store.open(blob.sha256, { start: 6, end: 11 }))).toBe('<body>');
    expect(await store.size(blob.sha256)).toBe(body.length);
  });

  it('stores identical files once', async () => {
    const a = await store.put(Readable.from([Buffer.from('same bytes')]));
    const b = await store.put(Readable.from([Buffer.from('same '), Buffer.from('bytes')]));
    expect(b.sha256).toBe(a.sha256);
    const shards = (await readdir(root)).filter((d) => d !== '.incoming');
    expect(shards).toEqual([a.sha256.slice(0, 2)]);
    expect(await readdir(path.join(root, shards[0]))).toEqual([a.sha256]);
    expect(await readdir(path.join(root, '.incoming'))).toEqual([]);
  });

  it('stops at the byte limit, keeps nothing, and says so', async () => {
    const big = Readable.from([Buffer.alloc(600), Buffer.alloc(600)]);
    await expect(store.put(big, { maxBytes: 1000 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await readdir(path.join(root, '.incoming'))).toEqual([]);
    expect((await readdir(root)).filter((d) => d !== '.incoming')).toEqual([]);
  });

  it('refuses keys that are not content hashes, so no path can be smuggled in', async () => {
    await expect(store.open('../../etc/passwd')).rejects.toThrow('Not a SHA-256 content key');
    expect(await store.size('0'.repeat(64))).toBeNull();
  });
});
