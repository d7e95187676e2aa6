import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What a stored blob is called: the SHA-256 of its bytes, so identical files are stored once. */
export interface StoredBlob {
  sha256: string;
  size: number;
}

/**
 * Where package files live. Content-addressed: `put` returns the hash, and the same bytes put
 * twice are kept once. The local directory is the default; object storage can implement the same.
 */
export interface ContentStore {
  put(data: NodeJS.ReadableStream, opts?: { maxBytes?: number }): Promise<StoredBlob>;
  open(sha256: string, range?: { start: number; end: number }): Promise<NodeJS.ReadableStream>;
  size(sha256: string): Promise<number | null>;
}

/** Injection token for the ContentStore the process uses. */
export const CONTENT_STORE = Symbol('CONTENT_STORE');

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes.`);
    this.name = 'BlobTooLargeError';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Files under `root/ab/abcdef…`; writes go to `root/.incoming` first and are renamed into place. */
export class LocalContentStore implements ContentStore {
  constructor(private readonly root: string) {}

  private pathFor(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('Not a SHA-256 content key');
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(data: NodeJS.ReadableStream, opts: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const incoming = path.join(this.root, '.incoming');
    await mkdir(incoming, { recursive: true });
    const temp = path.join(incoming, randomBytes(12).toString('hex'));
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (opts.maxBytes !== undefined && size > opts.maxBytes)
          return done(new BlobTooLargeError(opts.maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(data, meter, createWriteStream(temp, { flags: 'wx' }));
      const sha256 = hash.digest('hex');
      const target = this.pathFor(sha256);
      if ((await this.size(sha256)) === size) {
        await rm(temp, { force: true });
      } else {
        await mkdir(path.dirname(target), { recursive: true });
        await rename(temp, target);
      }
      return { sha256, size };
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  async open(sha256: string, range?: { start: number; end: number }): Promise<NodeJS.ReadableStream> {
    const file = this.pathFor(sha256);
    await stat(file);
    return createReadStream(file, range);
  }

  async size(sha256: string): Promise<number | null> {
    try {
      return (await stat(this.pathFor(sha256))).size;
    } catch {
      return null;
    }
  }
}
