import { promises as fs } from 'node:fs';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import yazl from 'yazl';

/** Test helpers that build zip files in memory: well-formed ones from folders, and hostile ones by hand. */

export interface FolderFile {
  path: string;
  size: number;
}

/** Every regular file under `dir`, as forward-slash relative paths, sorted. */
export async function listFolder(dir: string): Promise<FolderFile[]> {
  const out: FolderFile[] = [];
  async function walk(rel: string): Promise<void> {
    const entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(childRel);
      else if (e.isFile()) out.push({ path: childRel, size: (await fs.stat(path.join(dir, childRel))).size });
    }
  }
  await walk('');
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Zips a folder (with directory entries, as common authoring tools do) using yazl. */
export async function zipFolder(dir: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const files = await listFolder(dir);
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  for (const d of [...dirs].sort()) zip.addEmptyDirectory(d);
  for (const f of files) zip.addFile(path.join(dir, f.path), f.path);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface RawEntry {
  /** Stored byte-for-byte as the entry name. */
  name: string | Buffer;
  data?: Buffer;
  /** Deflate the data (method 8) instead of storing it (method 0). */
  deflate?: boolean;
  /** Unix mode placed in the high 16 bits of the external attributes, e.g. 0o120777 for a symlink. */
  unixMode?: number;
  /** Extra general-purpose flag bits, e.g. 0x1 for an encrypted entry. */
  flags?: number;
  /** Lie about the uncompressed size in both headers. */
  declaredSize?: number;
  /** Lie about the CRC-32 in both headers. */
  declaredCrc?: number;
}

/** Writes a zip by hand so that names, sizes, modes and flags can be anything at all. */
export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const data = e.data ?? Buffer.alloc(0);
    const body = e.deflate ? deflateRawSync(data) : data;
    const method = e.deflate ? 8 : 0;
    const flags = (typeof e.name === 'string' ? 0x800 : 0) | (e.flags ?? 0);
    const crc = e.declaredCrc ?? crc32(data);
    const size = e.declaredSize ?? data.length;
    const mode = e.unixMode ?? 0o100644;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A single deflated entry of `bytes` zeros: compresses about 1000:1. */
export function zeroBomb(bytes: number, name = 'bomb.bin'): Buffer {
  return rawZip([{ name, data: Buffer.alloc(bytes), deflate: true }]);
}
