/**
 * QR pictures of an invoice's payload: a clean scan (PNG), and a phone photo (JPEG) of the QR on a
 * page — rotated a few degrees, unevenly lit, noisy, slightly blurred and compressed hard.
 * Deterministic: the same payload and seed give the same bytes.
 */
import qrcode from 'qrcode-generator';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

function modules(payload: string): { count: number; dark: (row: number, col: number) => boolean } {
  const qr = qrcode(0, 'M');
  qr.addData(payload);
  qr.make();
  return { count: qr.getModuleCount(), dark: (row, col) => qr.isDark(row, col) };
}

/** A clean scan: 6 pixels a module, a 4-module quiet zone. */
export function cleanQrPng(payload: string, pixelsPerModule = 6): Buffer {
  const { count, dark } = modules(payload);
  const size = (count + 8) * pixelsPerModule;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const row = Math.floor(y / pixelsPerModule) - 4;
      const col = Math.floor(x / pixelsPerModule) - 4;
      const value = row >= 0 && col >= 0 && row < count && col < count && dark(row, col) ? 0 : 255;
      const i = (y * size + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = value;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

export interface PhotoOptions {
  width?: number;
  height?: number;
  /** Rotation in degrees. */
  degrees?: number;
  /** JPEG quality, 1–100. */
  quality?: number;
  seed?: number;
}

/** A phone photo of the QR printed on a page: tilted, lit from one side, noisy, blurred, compressed. */
export function phonePhotoJpeg(payload: string, options: PhotoOptions = {}): Buffer {
  const { width = 1280, height = 960, degrees = 5, quality = 40, seed = 7 } = options;
  const { count, dark } = modules(payload);
  const moduleSize = Math.min(width, height) / 2.2 / (count + 8);
  const angle = (degrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = width * 0.55;
  const cy = height * 0.48;
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const paper = (u: number, v: number) => {
    const half = ((count + 8) * moduleSize) / 2;
    const col = Math.floor((u + half) / moduleSize) - 4;
    const row = Math.floor((v + half) / moduleSize) - 4;
    return row >= 0 && col >= 0 && row < count && col < count && dark(row, col) ? 40 : 235;
  };
  const gray = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      // 2×2 supersampling for soft module edges.
      for (const [dx, dy] of [[0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]]) {
        const px = x + dx - cx;
        const py = y + dy - cy;
        sum += paper(px * cos + py * sin, -px * sin + py * cos);
      }
      // Light falls off from the left and towards the corners (a lamp, the phone's shadow).
      const light = 0.5 + 0.5 * (1 - x / width) * (1 - 0.35 * Math.hypot((x - width / 2) / width, (y - height / 2) / height));
      gray[y * width + x] = (sum / 4) * light + (random() - 0.5) * 30;
    }
  }
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // 3×3 blur: a phone camera's focus is never perfect.
      let sum = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const sx = x + dx;
          const sy = y + dy;
          if (sx >= 0 && sy >= 0 && sx < width && sy < height) {
            sum += gray[sy * width + sx];
            n++;
          }
        }
      }
      const value = Math.max(0, Math.min(255, sum / n));
      const i = (y * width + x) * 4;
      rgba[i] = Math.min(255, value * 1.04);
      rgba[i + 1] = value;
      rgba[i + 2] = value * 0.93;
      rgba[i + 3] = 255;
    }
  }
  return Buffer.from(jpeg.encode({ data: rgba, width, height }, quality).data);
}
