import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';

export const WEB_DIST = join(PROJECT_ROOT, 'dist', 'web');

/**
 * Serves the built browser app (dist/web) at /: hashed assets with long caching, and index.html for
 * every other GET outside /api so that the app's own routes survive a reload (history fallback).
 */
export function serveWebApp(app: NestExpressApplication, dir = WEB_DIST): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('WebApp').warn(`no web app at ${dir}: run npm run build:web`);
    return false;
  }
  // Stations reach headquarters over slow lines: the app's assets and the API's answers travel compressed.
  app.use(compression());
  app.useStaticAssets(join(dir, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '365d', fallthrough: false });
  app.useStaticAssets(dir, { index: false, maxAge: '1h' });
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
