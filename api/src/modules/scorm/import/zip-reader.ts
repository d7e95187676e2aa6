import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';

/** Caps applied while reading an uploaded package. Ratio = uncompressed / compressed bytes. */
export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
  maxEntryBytes: number;
  maxRatio: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const DEFAULT_ZIP_LIMITS: ZipLimits = Object.freeze({
  maxEntries: 10_000,
  maxTotalBytes: 2 * GiB,
  maxEntryBytes: 500 * MiB,
  maxRatio: 200,
});

/** The compression ratio is only judged once this many bytes have been unpacked. */
export const RATIO_THRESHOLD_BYTES = MiB;

export type ZipErrorCode =
  | 'NOT_A_ZIP'
  | 'TOO_MANY_ENTRIES'
  | 'TOO_LARGE'
  | 'RATIO'
  | 'UNSAFE_PATH'
  | 'SYMLINK'
  | 'ENCRYPTED'
  | 'DUPLICATE_PATH'
  | 'CORRUPT';

export class PackageZipError extends Error {
  constructor(
    readonly code: ZipErrorCode,
    message: string,
    readonly entry?: string,
  ) {
    super(message);
    this.name = 'PackageZipError';
  }
}

/** `path` is normalised: forward slashes, no leading './', no empty or '.' segments. */
export interface ZipEntryInfo {
  path: string;
  size: number;
}

/** Receives each file in the package. It must consume (or destroy) the stream before resolving. */
export type EntrySink = (entry: ZipEntryInfo, stream: NodeJS.ReadableStream) => Promise<void>;

// Bytes 0x80-0xFF of IBM code page 437, the legacy encoding of zip file names.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const FLAG_ENCRYPTED = 0x1;
const FLAG_STRONG_ENCRYPTION = 0x40;
const FLAG_UTF8 = 0x800;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Renders an entry name for a message: control characters escaped, long names shortened. */
function shown(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = raw.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return escaped.length > 200 ? `${escaped.slice(0, 200)}…` : escaped;
}

function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${+(bytes / GiB).toFixed(1)} GB`;
  if (bytes >= MiB) return `${+(bytes / MiB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

function unsafe(raw: string, reason: string): PackageZipError {
  return new PackageZipError(
    'UNSAFE_PATH',
    `The package contains a file named "${shown(raw)}", which is not allowed because ${reason}.`,
    raw,
  );
}

/**
 * Validates and normalises a path inside a package. Throws `PackageZipError('UNSAFE_PATH')` for
 * names that could escape the package folder or that no operating system stores safely.
 */
export function safeEntryPath(raw: string): string {
  if (CONTROL_CHARS.test(raw)) return throwing(unsafe(raw, 'its name contains control characters'));
  if (raw.includes('\\')) return throwing(unsafe(raw, 'its name contains a backslash (\\)'));
  if (raw.startsWith('/')) return throwing(unsafe(raw, 'it is an absolute path (it starts with "/")'));
  if (/^[a-zA-Z]:/.test(raw)) return throwing(unsafe(raw, 'it starts with a drive letter'));
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) {
    return throwing(unsafe(raw, 'it uses ".." to point outside the package folder'));
  }
  if (segments.length === 0) return throwing(unsafe(raw, 'its name is empty'));
  return segments.join('/');
}

function throwing(err: Error): never {
  throw err;
}

function decodeName(entry: yauzl.Entry): string {
  const raw = entry.fileNameRaw;
  if (entry.generalPurposeBitFlag & FLAG_UTF8) return raw.toString('utf8');
  try {
    // Many tools write UTF-8 names without setting the flag.
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    let name = '';
    for (const byte of raw) name += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80];
    return name;
  }
}

function notAZip(): PackageZipError {
  return new PackageZipError(
    'NOT_A_ZIP',
    'The uploaded file is not a zip file, or it is incomplete (the upload may have been cut short). ' +
      'Please upload the SCORM package as a .zip file.',
  );
}

function corrupt(detail: string, entry?: string): PackageZipError {
  const where = entry === undefined ? '' : ` The problem is in "${shown(entry)}".`;
  return new PackageZipError(
    'CORRUPT',
    `The zip file is damaged and cannot be read: ${detail}.${where} Please re-export the package and upload it again.`,
    entry,
  );
}

function encrypted(entry: string): PackageZipError {
  return new PackageZipError(
    'ENCRYPTED',
    `The file "${shown(entry)}" in the package is password-protected. Please upload a package without a password.`,
    entry,
  );
}

/** Turns a low-level error from the zip library into a plain-English refusal. */
function describeLibraryError(err: unknown, entry?: string): Error {
  if (err instanceof PackageZipError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/encrypt/i.test(message)) return encrypted(entry ?? 'unknown');
  if (/too many bytes in the stream/.test(message)) {
    return corrupt('a file contains more data than its header declares', entry);
  }
  if (/not enough bytes in the stream|unexpected EOF|overflows file bounds/.test(message)) {
    return corrupt('a file is cut short', entry);
  }
  if (/unsupported compression method/.test(message)) {
    return corrupt('a file uses a compression method that is not supported (use standard "deflate")', entry);
  }
  if (
    /incorrect header check|invalid (block|code|distance|stored)|unexpected end of file|zlib/i.test(message)
  ) {
    return corrupt('the compressed data of a file is invalid', entry);
  }
  return corrupt('its internal structure is invalid', entry);
}

interface EntryCaps {
  path: string;
  compressedSize: number;
  expectedCrc: number;
  limits: ZipLimits;
  totalBefore: number;
  compressedTotal: number;
}

/** Passes bytes through while counting them, checking the caps and computing the CRC-32. */
class EntryGuard extends Transform {
  bytes = 0;
  refusal?: PackageZipError;
  private crc = 0;

  constructor(private readonly caps: EntryCaps) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.crc = crc32(chunk, this.crc);
    const refusal = this.check();
    if (refusal) {
      this.refusal = refusal;
      callback(refusal);
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.crc >>> 0 !== this.caps.expectedCrc >>> 0) {
      this.refusal = corrupt('a file failed its integrity check (CRC mismatch)', this.caps.path);
      callback(this.refusal);
      return;
    }
    callback();
  }

  private check(): PackageZipError | undefined {
    const { path, limits, compressedSize, totalBefore, compressedTotal } = this.caps;
    const total = totalBefore + this.bytes;
    if (this.bytes > limits.maxEntryBytes) {
      return new PackageZipError(
        'TOO_LARGE',
        `The file "${shown(path)}" is larger than the ${formatBytes(limits.maxEntryBytes)} allowed for a single file in a package.`,
        path,
      );
    }
    if (total > limits.maxTotalBytes) {
      return new PackageZipError(
        'TOO_LARGE',
        `The package unpacks to more than the ${formatBytes(limits.maxTotalBytes)} allowed in total ` +
          `(the limit was passed while reading "${shown(path)}").`,
        path,
      );
    }
    const entryRatio = compressedSize > 0 ? this.bytes / compressedSize : Infinity;
    const overallRatio = compressedTotal > 0 ? total / compressedTotal : Infinity;
    if (
      (this.bytes > RATIO_THRESHOLD_BYTES && entryRatio > limits.maxRatio) ||
      (total > RATIO_THRESHOLD_BYTES && overallRatio > limits.maxRatio)
    ) {
      return new PackageZipError(
        'RATIO',
        `The file "${shown(path)}" expands to more than ${limits.maxRatio} times its compressed size. ` +
          'This is how a "zip bomb" behaves, so the package was refused.',
        path,
      );
    }
    return undefined;
  }
}

function openZip(zipPath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      zipPath,
      {
        lazyEntries: true,
        autoClose: true,
        decodeStrings: false,
        validateEntrySizes: true,
        strictFileNames: false,
      },
      (err, zip) => {
        if (err || !zip) {
          // File-system errors (missing file, permissions) belong to the caller, not the upload.
          if (typeof (err as NodeJS.ErrnoException | null)?.code === 'string') reject(err);
          else reject(notAZip());
          return;
        }
        resolve(zip);
      },
    );
  });
}

/** Sequential reader of central-directory entries with a permanent error listener. */
class EntryCursor {
  closed = false;
  private failure?: unknown;
  private waiting?: { resolve: (e: yauzl.Entry | null) => void; reject: (err: unknown) => void };

  constructor(readonly zip: yauzl.ZipFile) {
    zip.on('entry', (entry: yauzl.Entry) => this.settle((w) => w.resolve(entry)));
    zip.on('end', () => this.settle((w) => w.resolve(null)));
    zip.on('error', (err: unknown) => {
      this.failure ??= err;
      this.settle((w) => w.reject(err));
    });
    zip.once('close', () => {
      this.closed = true;
    });
  }

  next(): Promise<yauzl.Entry | null> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.zip.readEntry();
    });
  }

  /** Closes the zip and waits (briefly) for its file descriptor to be released. */
  async close(): Promise<void> {
    this.zip.close();
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      timer.unref();
      this.zip.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private settle(fn: (w: NonNullable<EntryCursor['waiting']>) => void): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) fn(waiting);
  }
}

function openReadStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    try {
      zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream)));
    } catch (err) {
      reject(err);
    }
  });
}

async function streamEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  info: ZipEntryInfo,
  sink: EntrySink,
  caps: EntryCaps,
): Promise<number> {
  let source: NodeJS.ReadableStream;
  try {
    source = await openReadStream(zip, entry);
  } catch (err) {
    throw describeLibraryError(err, info.path);
  }
  const guard = new EntryGuard(caps);
  const piping = pipeline(source, guard).then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const sunk = await sink(info, guard).then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const sinkError = sunk.ok
    ? guard.readableEnded
      ? undefined
      : new Error(`The entry sink returned before reading all of "${info.path}".`)
    : sunk.error;
  if (sinkError !== undefined) {
    (source as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    guard.destroy();
  }
  const piped = await piping;
  if (guard.refusal) throw guard.refusal;
  if (!piped.ok && (sinkError === undefined || sinkError === piped.error)) {
    throw describeLibraryError(piped.error, info.path);
  }
  if (sinkError !== undefined) throw sinkError;
  return guard.bytes;
}

/**
 * Reads every file of an uploaded package zip, refusing unsafe or oversized content. Each file is
 * handed to `sink` in archive order; on refusal reading stops, the zip is closed and the promise
 * rejects with a `PackageZipError` (files already passed to the sink should be discarded).
 */
export async function readPackageZip(
  zipPath: string,
  sink: EntrySink,
  limits: Partial<ZipLimits> = {},
): Promise<{ files: ZipEntryInfo[]; totalBytes: number }> {
  const caps: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const zip = await openZip(zipPath);
  const cursor = new EntryCursor(zip);
  try {
    if (zip.entryCount > caps.maxEntries) {
      throw new PackageZipError(
        'TOO_MANY_ENTRIES',
        `The zip contains ${zip.entryCount} files and folders; a package may contain at most ${caps.maxEntries}.`,
      );
    }
    const files: ZipEntryInfo[] = [];
    const seen = new Set<string>();
    let totalBytes = 0;
    let compressedTotal = 0;
    for (;;) {
      let entry: yauzl.Entry | null;
      try {
        entry = await cursor.next();
      } catch (err) {
        throw describeLibraryError(err);
      }
      if (!entry) break;

      const raw = decodeName(entry);
      if (/^(\.\/)+$/.test(raw)) continue;
      const path = safeEntryPath(raw);
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (mode === S_IFLNK) {
        throw new PackageZipError(
          'SYMLINK',
          `The package contains "${shown(raw)}", which is a symbolic link. Packages may only contain ordinary files and folders.`,
          raw,
        );
      }
      if (entry.generalPurposeBitFlag & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) throw encrypted(raw);
      if (raw.endsWith('/')) continue;

      const key = path.toLowerCase();
      if (seen.has(key)) {
        throw new PackageZipError(
          'DUPLICATE_PATH',
          `The package contains "${shown(path)}" more than once (file names are compared ignoring upper and lower case).`,
          path,
        );
      }
      seen.add(key);

      compressedTotal += entry.compressedSize;
      const info: ZipEntryInfo = { path, size: entry.uncompressedSize };
      const bytes = await streamEntry(zip, entry, info, sink, {
        path,
        compressedSize: entry.compressedSize,
        expectedCrc: entry.crc32,
        limits: caps,
        totalBefore: totalBytes,
        compressedTotal,
      });
      totalBytes += bytes;
      files.push({ path, size: bytes });
    }
    return { files, totalBytes };
  } finally {
    await cursor.close();
  }
}
