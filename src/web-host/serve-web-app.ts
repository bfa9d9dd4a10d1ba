import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import type { NextFunction, Request, Response } from 'express';
import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';

export const WEB_DIST = join(PROJECT_ROOT, 'dist', 'web');

/** The encodings the build writes beside each asset (`x.js.br`, `x.js.gz`), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * Serves the built browser app (dist/web) at /: hashed assets compressed once at build time and cached
 * for a year (a new build has new names), everything else briefly; index.html is never taken from a
 * cache unchecked, so a new release reaches every browser on its next visit. Every other GET outside
 * /api gets index.html, so that the app's own routes survive a reload (history fallback).
 */
export function serveWebApp(app: NestExpressApplication, dir = WEB_DIST): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('WebApp').warn(`no web app at ${dir}: run npm run build:web`);
    return false;
  }
  // Bundles live under /static/, leaving /assets to the app's own 资产 pages.
  const assets = join(dir, 'static');
  app.use(precompressed(assets, '/static/'));
  // Stations reach headquarters over slow lines: what was not compressed at build time (the API's
  // answers, small files) travels compressed too.
  app.use(compression());
  app.useStaticAssets(assets, { prefix: '/static/', immutable: true, maxAge: '365d', fallthrough: false });
  app.useStaticAssets(dir, {
    index: false,
    maxAge: '1h',
    setHeaders: (response, path) => {
      if (basename(path) === 'index.html') response.setHeader('Cache-Control', 'no-cache');
    },
  });
  // pdf.js reads the character maps and standard fonts of PDFs that do not embed theirs (most CJK invoices) from here.
  for (const folder of ['cmaps', 'standard_fonts']) {
    app.useStaticAssets(join(PROJECT_ROOT, 'node_modules', 'pdfjs-dist', folder), { prefix: `/pdfjs/${folder}/`, maxAge: '30d', fallthrough: false });
  }
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || request.path.startsWith('/api') || !request.accepts('html')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
  return true;
}

/**
 * Answers a request for a hashed asset with its precompressed twin in the best encoding the browser
 * accepts. The twins are listed once at start, so no request path ever reaches the file system here.
 */
function precompressed(dir: string, prefix: string) {
  const variants = new Map<string, Set<string>>();
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const encoding = ENCODINGS.find((e) => file.endsWith(e.suffix));
    if (!encoding) continue;
    const original = file.slice(0, -encoding.suffix.length);
    const url = prefix + relative(dir, join(dir, original)).split(sep).join('/');
    variants.set(url, (variants.get(url) ?? new Set()).add(encoding.name));
  }
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const available = variants.get(request.path);
    if (!available) return next();
    const encoding = ENCODINGS.find((e) => available.has(e.name) && request.acceptsEncodings(e.name) === e.name);
    response.vary('Accept-Encoding');
    if (!encoding) return next();
    response.type(extname(request.path));
    response.setHeader('Content-Encoding', encoding.name);
    response.sendFile(join(dir, request.path.slice(prefix.length) + encoding.suffix), { maxAge: '365d', immutable: true }, (error) => error && next(error));
  };
}
