import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { CONTENT_STORE, type ContentStore } from '../scorm/storage/content-store.js';
import { ContentOrigin } from './content-origin.js';
import { RuntimeRepository } from './runtime.repository.js';
import { RuntimeService } from './runtime.service.js';

const MIME: Record<string, string> = {
  html: 'text/html',
  htm: 'text/html',
  xhtml: 'application/xhtml+xml',
  js: 'text/javascript',
  mjs: 'text/javascript',
  css: 'text/css',
  json: 'application/json',
  xml: 'application/xml',
  xsd: 'application/xml',
  dtd: 'application/xml-dtd',
  txt: 'text/plain',
  csv: 'text/csv',
  vtt: 'text/vtt',
  srt: 'text/plain',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  ogv: 'video/ogg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  wav: 'audio/wav',
  pdf: 'application/pdf',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  eot: 'application/vnd.ms-fontobject',
  swf: 'application/x-shockwave-flash',
  wasm: 'application/wasm',
  zip: 'application/zip',
};

export const mimeTypeOf = (file: string) =>
  MIME[path.extname(file).slice(1).toLowerCase()] ?? 'application/octet-stream';

/**
 * Parses a single `bytes=` range against a file size. Returns null for no (or an ignorable) header and
 * 'unsatisfiable' when the range lies outside the file. Multi-range requests get the whole file.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/**
 * The content origin: package files, the player page and the run-time endpoints, on a listener of its own
 * so that third-party course code never runs on the app's origin. It reads no cookie and sets none; the
 * launch token in the path is the only credential, and `Referrer-Policy: no-referrer` keeps it from leaking.
 */
@Injectable()
export class ContentServer implements OnApplicationShutdown {
  private readonly logger = new Logger('ContentServer');
  private server: Server | undefined;
  private readonly launches = new Map<string, { versionId: string; until: number }>();
  private readonly files = new Map<string, Record<string, { sha256: string; size: number }>>();

  constructor(
    private readonly runtime: RuntimeService,
    private readonly repo: RuntimeRepository,
    private readonly origin: ContentOrigin,
    @Inject(CONTENT_STORE) private readonly store: ContentStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async listen(port = this.config.contentPort, host = this.config.host): Promise<number> {
    const server = createServer(this.app());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    this.origin.listeningOn(actual);
    return actual;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  app(): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);
    app.set('trust proxy', this.config.trustProxy);
    app.use((_req: Request, res: Response, next: NextFunction) => {
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
      if (this.config.env === 'production') res.setHeader('Strict-Transport-Security', 'max-age=31536000');
      next();
    });

    app.get('/player/:token', (req, res, next) => this.player(req, res).catch(next));
    const assets = path.join(this.config.playerDist, 'assets');
    app.use(
      '/player-assets/assets',
      express.static(assets, { index: false, fallthrough: false, maxAge: '365d', immutable: true }),
    );

    app.get('/runtime/:token', async (req, res, next) => {
      try {
        const out = await this.runtime.launchState(String(req.params.token));
        res.status(out.status).setHeader('Cache-Control', 'no-store').json(out.body);
      } catch (err) {
        next(err);
      }
    });
    // XHR sends application/json; navigator.sendBeacon sends text/plain. Both are read as text and parsed here.
    app.post(
      '/runtime/:token/commits',
      express.text({ type: () => true, limit: '2mb' }),
      async (req: Request, res: Response, next: NextFunction) => {
        try {
          let body: unknown;
          try {
            body = JSON.parse(typeof req.body === 'string' ? req.body : '');
          } catch {
            res.status(400).json({
              result: false,
              errorCode: 0,
              code: 'BAD_REQUEST',
              message: 'The commit is not valid JSON.',
            });
            return;
          }
          const out = await this.runtime.commit(String(req.params.token), body);
          res.status(out.status).setHeader('Cache-Control', 'no-store').json(out.body);
        } catch (err) {
          next(err);
        }
      },
    );

    app.get('/content/:token/{*file}', (req, res, next) => this.file(req, res).catch(next));
    app.head('/content/:token/{*file}', (req, res, next) => this.file(req, res).catch(next));

    app.use((_req: Request, res: Response) => {
      res.status(404).type('text/plain').send('Not found');
    });
    app.use(
      (err: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
        void _next;
        if (err.type === 'entity.too.large') {
          res.status(413).json({
            result: false,
            errorCode: 0,
            code: 'PAYLOAD_TOO_LARGE',
            message: 'The commit is larger than 2 MB, so it was not saved.',
          });
          return;
        }
        if (err.status && err.status >= 400 && err.status < 500) {
          res.status(err.status).type('text/plain').send('Not found');
          return;
        }
        this.logger.error({ err, path: req.path }, 'content origin request failed');
        res.status(503).json({
          result: false,
          errorCode: 0,
          code: 'SERVICE_UNAVAILABLE',
          message: 'Progress could not be saved just now. It is kept in your browser and will be sent again.',
        });
      },
    );
    return app;
  }

  private async player(req: Request, res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const page = path.join(this.config.playerDist, 'player.html');
    const token = String(req.params.token);
    if (!(await this.runtime.launch(token))) {
      res
        .status(404)
        .type('text/plain')
        .send('This module link has expired. Open the module again from My learning.');
      return;
    }
    if (!existsSync(page)) {
      res.status(503).type('text/plain').send('The module player has not been built. Run `npm run build`.');
      return;
    }
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
        `frame-ancestors ${this.origin.appOrigin}`,
      ].join('; '),
    );
    res.type('html').send(await readFile(page, 'utf8'));
  }

  /** The version a token may read, cached for a short while: every file of a page load asks. */
  private async versionFor(token: string): Promise<string | null> {
    const hit = this.launches.get(token);
    if (hit && hit.until > Date.now()) return hit.versionId;
    const launch = await this.runtime.launch(token);
    if (!launch) return null;
    if (this.launches.size > 5000) this.launches.clear();
    this.launches.set(token, { versionId: launch.packageVersionId, until: Date.now() + 30_000 });
    return launch.packageVersionId;
  }

  private async filesOf(versionId: string) {
    let files = this.files.get(versionId);
    if (!files) {
      files = (await this.repo.versionFiles(versionId)) ?? {};
      if (this.files.size >= 50) this.files.delete(this.files.keys().next().value as string);
      this.files.set(versionId, files);
    }
    return files;
  }

  private async file(req: Request, res: Response): Promise<void> {
    const token = String(req.params.token);
    const versionId = await this.versionFor(token);
    if (!versionId) {
      res
        .status(404)
        .type('text/plain')
        .send('This module link has expired. Open the module again from My learning.');
      return;
    }
    const raw = req.params.file as unknown;
    const rel = (Array.isArray(raw) ? raw.join('/') : String(raw ?? '')).normalize('NFC');
    const blob = (await this.filesOf(versionId))[rel];
    if (!blob) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    const etag = `"${blob.sha256}"`;
    res.setHeader('Content-Type', mimeTypeOf(rel));
    res.setHeader('ETag', etag);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:",
        "connect-src 'self'",
        "object-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        // Every ancestor is checked: the player (this origin) and the app page that frames it.
        `frame-ancestors 'self' ${this.origin.appOrigin}`,
      ].join('; '),
    );
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    const range = parseRange(req.headers.range, blob.size);
    if (range === 'unsatisfiable') {
      res.status(416).setHeader('Content-Range', `bytes */${blob.size}`).end();
      return;
    }
    const part = range ?? { start: 0, end: blob.size - 1 };
    const length = blob.size === 0 ? 0 : part.end - part.start + 1;
    if (range) {
      res.status(206).setHeader('Content-Range', `bytes ${part.start}-${part.end}/${blob.size}`);
    }
    res.setHeader('Content-Length', String(length));
    if (req.method === 'HEAD' || length === 0) {
      res.end();
      return;
    }
    const stream = await this.store.open(blob.sha256, part);
    stream.on('error', (err) => {
      this.logger.error({ err, sha256: blob.sha256 }, 'reading package file failed');
      res.destroy(err);
    });
    stream.pipe(res);
  }
}
