import { randomBytes } from 'node:crypto';
import { promises as fs, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFolder, rawZip, zeroBomb, zipFolder, type RawEntry } from './test-zips.js';
import {
  DEFAULT_ZIP_LIMITS,
  PackageZipError,
  readPackageZip,
  safeEntryPath,
  type EntrySink,
  type ZipErrorCode,
  type ZipLimits,
} from './zip-reader.js';

const SCORM12 = '/work/shared/scorm/fixtures/scorm12/RuntimeBasicCalls_SCORM12';
const SCORM2004 = '/work/shared/scorm/fixtures/scorm2004/RuntimeBasicCalls_SCORM20043rdEdition';
const MiB = 1024 * 1024;

let tmp: string;
let counter = 0;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cqp-zip-reader-'));
});

afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function writeZip(bytes: Buffer): Promise<string> {
  const file = path.join(tmp, `z${counter++}.zip`);
  await fs.writeFile(file, bytes);
  return file;
}

/** A sink that keeps every file in memory and counts the bytes it consumed. */
function collector(): { sink: EntrySink; contents: Map<string, Buffer>; consumed: () => number } {
  const contents = new Map<string, Buffer>();
  let consumed = 0;
  const sink: EntrySink = async (entry, stream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      consumed += buf.length;
      chunks.push(buf);
    }
    contents.set(entry.path, Buffer.concat(chunks));
  };
  return { sink, contents, consumed: () => consumed };
}

async function refusal(
  entries: RawEntry[] | Buffer,
  limits?: Partial<ZipLimits>,
): Promise<{ error: PackageZipError; consumed: number; seen: string[] }> {
  const file = await writeZip(Array.isArray(entries) ? rawZip(entries) : entries);
  const { sink, contents, consumed } = collector();
  const error = await readPackageZip(file, sink, limits).then(
    () => {
      throw new Error('expected the zip to be refused');
    },
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(PackageZipError);
  return { error: error as PackageZipError, consumed: consumed(), seen: [...contents.keys()] };
}

async function expectRefused(
  entries: RawEntry[] | Buffer,
  code: ZipErrorCode,
  limits?: Partial<ZipLimits>,
): Promise<PackageZipError> {
  const { error } = await refusal(entries, limits);
  expect(error.code).toBe(code);
  return error;
}

/** How entry names with control characters appear in messages. */
function escapeControls(name: string): string {
  return [...name]
    .map((c) => (c.charCodeAt(0) < 0x20 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c))
    .join('');
}

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

describe('DEFAULT_ZIP_LIMITS', () => {
  it('has the agreed caps', () => {
    expect(DEFAULT_ZIP_LIMITS).toEqual({
      maxEntries: 10_000,
      maxTotalBytes: 2 * 1024 * MiB,
      maxEntryBytes: 500 * MiB,
      maxRatio: 200,
    });
  });
});

describe('safeEntryPath', () => {
  it('normalises harmless paths', () => {
    expect(safeEntryPath('index.html')).toBe('index.html');
    expect(safeEntryPath('./shared/launch.html')).toBe('shared/launch.html');
    expect(safeEntryPath('a//b/./c.js')).toBe('a/b/c.js');
    expect(safeEntryPath('assets/')).toBe('assets');
    expect(safeEntryPath('café/ünïcode.html')).toBe('café/ünïcode.html');
    expect(safeEntryPath('a..b/file..name.txt')).toBe('a..b/file..name.txt');
  });

  it.each([
    ['../evil.js', '".."'],
    ['a/../../evil', '".."'],
    ['a/../b.html', '".."'],
    ['..', '".."'],
    ['/etc/passwd', 'absolute'],
    ['..\\evil.js', 'backslash'],
    ['dir\\file.txt', 'backslash'],
    ['C:/Windows/evil.dll', 'drive letter'],
    ['c:evil.txt', 'drive letter'],
    ['a\u0000b.js', 'control characters'],
    ['\u001b[31mred.js', 'control characters'],
    ['line\nbreak.html', 'control characters'],
    ['', 'empty'],
    ['./', 'empty'],
  ])('refuses %j', (raw, reason) => {
    let caught: unknown;
    try {
      safeEntryPath(raw);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PackageZipError);
    const err = caught as PackageZipError;
    expect(err.code).toBe('UNSAFE_PATH');
    expect(err.entry).toBe(raw);
    expect(err.message).toContain(reason);
    expect([...err.message].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
  });
});

describe('readPackageZip: real packages', () => {
  it.each([
    ['SCORM 1.2', SCORM12],
    ['SCORM 2004', SCORM2004],
  ])('reads every file of the %s fixture, skipping directory entries', async (_label, dir) => {
    const onDisk = await listFolder(dir);
    const file = await writeZip(await zipFolder(dir));
    const { sink, contents } = collector();

    const result = await readPackageZip(file, sink);

    expect(onDisk.length).toBeGreaterThan(10);
    expect([...result.files].sort((a, b) => a.path.localeCompare(b.path))).toEqual(onDisk);
    expect(result.totalBytes).toBe(onDisk.reduce((sum, f) => sum + f.size, 0));
    expect(contents.size).toBe(onDisk.length);
    for (const f of onDisk) {
      expect(contents.get(f.path)?.equals(await fs.readFile(path.join(dir, f.path)))).toBe(true);
    }
    expect(result.files.some((f) => f.path === 'imsmanifest.xml')).toBe(true);
  });

  it('normalises names, skips safe directory entries and reports streamed sizes', async () => {
    const file = await writeZip(
      rawZip([
        { name: './' },
        { name: 'assets/', unixMode: 0o040755 },
        { name: './assets//app.js', data: Buffer.from('console.log(1);') },
        { name: 'index.html', data: Buffer.alloc(5000, 'a'), deflate: true },
      ]),
    );
    const { sink, contents } = collector();
    const result = await readPackageZip(file, sink);
    expect(result.files).toEqual([
      { path: 'assets/app.js', size: 15 },
      { path: 'index.html', size: 5000 },
    ]);
    expect(result.totalBytes).toBe(5015);
    expect(contents.get('assets/app.js')?.toString()).toBe('console.log(1);');
  });

  it('decodes legacy (code page 437) names', async () => {
    const file = await writeZip(
      rawZip([{ name: Buffer.from([0x63, 0x61, 0x66, 0x82, 0x2e, 0x74]), data: Buffer.from('x') }]),
    );
    const result = await readPackageZip(file, collector().sink);
    expect(result.files).toEqual([{ path: 'café.t', size: 1 }]);
  });

  it('reads an empty zip', async () => {
    const file = await writeZip(rawZip([]));
    expect(await readPackageZip(file, collector().sink)).toEqual({ files: [], totalBytes: 0 });
  });
});

describe('readPackageZip: unsafe names', () => {
  it.each([
    ['../evil.js'],
    ['a/../../evil'],
    ['/etc/cron.d/evil'],
    ['..\\..\\evil.js'],
    ['scripts\\app.js'],
    ['C:/evil.js'],
    ['D:evil.js'],
    ['bad\u0000name.js'],
    ['bad\u0007bell.js'],
    ['../outside/'],
  ])('refuses %j and names the entry', async (name) => {
    const { error, seen } = await refusal([
      { name: 'index.html', data: Buffer.from('<html></html>') },
      { name, data: Buffer.from('alert(1)') },
    ]);
    expect(error.code).toBe('UNSAFE_PATH');
    expect(error.entry).toBe(name);
    expect(error.message).toContain(escapeControls(name));
    expect(seen).toEqual(['index.html']);
  });

  it('refuses a backslash name given in legacy encoding', async () => {
    const error = await expectRefused(
      [{ name: Buffer.from('..\\evil.js', 'latin1'), data: Buffer.from('x') }],
      'UNSAFE_PATH',
    );
    expect(error.entry).toBe('..\\evil.js');
  });
});

describe('readPackageZip: entry types', () => {
  it('refuses a symbolic link', async () => {
    const { error, seen } = await refusal([
      { name: 'index.html', data: Buffer.from('ok') },
      { name: 'passwd', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 },
    ]);
    expect(error.code).toBe('SYMLINK');
    expect(error.entry).toBe('passwd');
    expect(error.message).toContain('"passwd"');
    expect(error.message).toContain('symbolic link');
    expect(seen).toEqual(['index.html']);
  });

  it('refuses an encrypted entry', async () => {
    const data = Buffer.concat([randomBytes(12), Buffer.from('secret')]);
    const error = await expectRefused(
      [{ name: 'secret.html', data, flags: 0x1, declaredSize: data.length - 12, declaredCrc: 0 }],
      'ENCRYPTED',
    );
    expect(error.entry).toBe('secret.html');
    expect(error.message).toContain('password');
  });

  it('refuses duplicate paths, ignoring case and ./ prefixes', async () => {
    const error = await expectRefused(
      [
        { name: 'Index.html', data: Buffer.from('one') },
        { name: 'INDEX.HTML', data: Buffer.from('two') },
      ],
      'DUPLICATE_PATH',
    );
    expect(error.entry).toBe('INDEX.HTML');
    expect(error.message).toContain('more than once');

    await expectRefused(
      [
        { name: 'js/app.js', data: Buffer.from('one') },
        { name: './js//app.js', data: Buffer.from('two') },
      ],
      'DUPLICATE_PATH',
    );
  });
});

describe('readPackageZip: size caps', () => {
  it('refuses a zip bomb part-way through, by the bytes actually unpacked', async () => {
    const bomb = zeroBomb(50 * MiB);
    const { error, consumed } = await refusal(bomb);
    expect(error.code).toBe('RATIO');
    expect(error.entry).toBe('bomb.bin');
    expect(error.message).toContain('zip bomb');
    // Stops once 200 x the compressed size has been unpacked, long before 50 MiB.
    expect(consumed).toBeLessThanOrEqual(DEFAULT_ZIP_LIMITS.maxRatio * bomb.length);
    expect(consumed).toBeLessThan(15 * MiB);
  });

  it('does not judge the ratio of small, highly compressible files', async () => {
    const file = await writeZip(zeroBomb(MiB - 1, 'blank.txt'));
    const result = await readPackageZip(file, collector().sink);
    expect(result.totalBytes).toBe(MiB - 1);
  });

  it('refuses a bomb spread across many small entries (overall ratio)', async () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({
      name: `blank${i}.txt`,
      data: Buffer.alloc(600 * 1024),
      deflate: true,
    }));
    const { error, seen } = await refusal(entries);
    expect(error.code).toBe('RATIO');
    expect(seen.length).toBeLessThan(3);
  });

  it('refuses an entry larger than maxEntryBytes without reading it all', async () => {
    const { error, consumed } = await refusal(
      [{ name: 'video.mp4', data: randomBytes(1024 * 1024), deflate: true }],
      { maxEntryBytes: 100 * 1024 },
    );
    expect(error.code).toBe('TOO_LARGE');
    expect(error.entry).toBe('video.mp4');
    expect(error.message).toContain('"video.mp4"');
    expect(error.message).toContain('100 KB');
    expect(consumed).toBeLessThanOrEqual(100 * 1024);
  });

  it('refuses when the running total exceeds maxTotalBytes', async () => {
    const entries = [1, 2, 3].map((i) => ({ name: `part${i}.bin`, data: randomBytes(50 * 1024) }));
    const { error, seen } = await refusal(entries, { maxTotalBytes: 120 * 1024 });
    expect(error.code).toBe('TOO_LARGE');
    expect(error.entry).toBe('part3.bin');
    expect(error.message).toContain('in total');
    expect(seen).toEqual(['part1.bin', 'part2.bin']);
  });

  it('refuses too many entries before reading any data', async () => {
    const entries = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from('x') }));
    const { error, seen } = await refusal(entries, { maxEntries: 5 });
    expect(error.code).toBe('TOO_MANY_ENTRIES');
    expect(error.message).toContain('6');
    expect(error.message).toContain('5');
    expect(seen).toEqual([]);

    const ok = await readPackageZip(await writeZip(rawZip(entries)), collector().sink, { maxEntries: 6 });
    expect(ok.files).toHaveLength(6);
  });

  it('does not trust a header that understates the size', async () => {
    const { error, consumed } = await refusal([
      { name: 'liar.bin', data: Buffer.alloc(5 * MiB), deflate: true, declaredSize: 1000 },
    ]);
    expect(error.code).toBe('CORRUPT');
    expect(error.entry).toBe('liar.bin');
    expect(consumed).toBeLessThanOrEqual(1000);
  });

  it('refuses a header that overstates the size', async () => {
    const error = await expectRefused(
      [{ name: 'short.bin', data: randomBytes(1000), deflate: true, declaredSize: 5000 }],
      'CORRUPT',
    );
    expect(error.message).toContain('"short.bin"');
  });
});

describe('readPackageZip: damaged and foreign files', () => {
  it('refuses a text file that is not a zip', async () => {
    const error = await expectRefused(Buffer.from('<manifest>this is not a zip</manifest>\n'), 'NOT_A_ZIP');
    expect(error.message).toContain('not a zip file');
  });

  it('refuses an empty file', async () => {
    await expectRefused(Buffer.alloc(0), 'NOT_A_ZIP');
  });

  it('refuses a truncated zip', async () => {
    const whole = await zipFolder(SCORM12);
    const error = await expectRefused(whole.subarray(0, Math.floor(whole.length / 2)), 'NOT_A_ZIP');
    expect(error.message).toContain('incomplete');
  });

  it('refuses a zip whose central directory is cut off', async () => {
    const whole = rawZip([
      { name: 'a.txt', data: Buffer.from('aaa') },
      { name: 'b.txt', data: Buffer.from('bbb') },
    ]);
    // Keep the end record but drop the last central directory header.
    const endRecord = whole.subarray(whole.length - 22);
    const damaged = Buffer.concat([whole.subarray(0, whole.length - 22 - 51), endRecord]);
    await expectRefused(damaged, 'CORRUPT');
  });

  it('refuses a stored entry whose data fails the CRC check', async () => {
    const error = await expectRefused(
      [{ name: 'page.html', data: Buffer.from('<html>hello</html>'), declaredCrc: 0x12345678 }],
      'CORRUPT',
    );
    expect(error.entry).toBe('page.html');
    expect(error.message).toContain('integrity check');
  });

  it('refuses deflated data that has been damaged', async () => {
    const good = rawZip([{ name: 'page.html', data: Buffer.from('<html>'.repeat(2000)), deflate: true }]);
    const damaged = Buffer.from(good);
    for (let i = 40; i < 60; i++) damaged[i] ^= 0xff;
    const error = await expectRefused(damaged, 'CORRUPT');
    expect(error.entry).toBe('page.html');
  });

  it('lets file-system errors through unchanged', async () => {
    await expect(readPackageZip(path.join(tmp, 'missing.zip'), collector().sink)).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('readPackageZip: the sink', () => {
  it('passes a sink failure through and stops reading', async () => {
    const file = await writeZip(
      rawZip([
        { name: 'a.txt', data: Buffer.from('a') },
        { name: 'b.txt', data: Buffer.from('b') },
      ]),
    );
    const calls: string[] = [];
    const failure = new Error('storage is full');
    await expect(
      readPackageZip(file, async (entry) => {
        calls.push(entry.path);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(calls).toEqual(['a.txt']);
  });

  it('refuses a sink that does not consume the stream', async () => {
    const file = await writeZip(rawZip([{ name: 'a.txt', data: randomBytes(200 * 1024) }]));
    await expect(readPackageZip(file, async () => undefined)).rejects.toThrow(/before reading all/);
  });

  it('gives the sink the declared size and normalised path', async () => {
    const file = await writeZip(rawZip([{ name: './x/y.txt', data: Buffer.from('hello') }]));
    const infos: unknown[] = [];
    await readPackageZip(file, async (entry, stream) => {
      infos.push(entry);
      for await (const _chunk of stream) void _chunk;
    });
    expect(infos).toEqual([{ path: 'x/y.txt', size: 5 }]);
  });
});

describe('readPackageZip: resources', () => {
  it('leaves no open file descriptors after 200 refusals mid-stream', async () => {
    const bomb = await writeZip(zeroBomb(4 * MiB));
    const large = await writeZip(rawZip([{ name: 'big.bin', data: randomBytes(512 * 1024) }]));
    const unsafeName = await writeZip(rawZip([{ name: '../evil.js', data: Buffer.from('x') }]));
    const before = openFds();
    for (let i = 0; i < 200; i++) {
      await expect(readPackageZip(bomb, collector().sink)).rejects.toMatchObject({ code: 'RATIO' });
      await expect(
        readPackageZip(large, collector().sink, { maxEntryBytes: 64 * 1024 }),
      ).rejects.toMatchObject({
        code: 'TOO_LARGE',
      });
      await expect(readPackageZip(unsafeName, collector().sink)).rejects.toMatchObject({
        code: 'UNSAFE_PATH',
      });
    }
    // Allow a little noise from the test runner; a leak would leave hundreds open.
    expect(openFds() - before).toBeLessThan(20);
  }, 60_000);
});
