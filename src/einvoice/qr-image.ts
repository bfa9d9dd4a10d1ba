/**
 * The invoice QR code in a photo or scan (JPEG/PNG), decoded on the server with jsQR. A phone photo
 * is tilted, compressed and unevenly lit, so several versions of the picture are tried: downscaled to
 * a few sizes, as taken, with the lighting flattened (each pixel against its neighbourhood's mean) and
 * with the contrast stretched; the first that decodes to an invoice payload wins.
 */
import jsQR from 'jsqr';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { IntakeDraft, InvoiceUnreadable } from './intake-result';
import { InvoiceQrError, parseInvoiceQr } from './qr-payload';

interface Gray {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

const MAX_PIXELS = 40_000_000;

export function readInvoiceImage(bytes: Buffer, type: 'png' | 'jpeg', draft: IntakeDraft): void {
  const payload = decodeQr(decodeImage(bytes, type));
  if (payload === null) {
    throw new InvoiceUnreadable('图片中找不到可识别的发票二维码：请让二维码完整、清晰地位于画面中，或上传 XML/OFD/PDF 原件', 'No readable invoice QR code in the picture: keep the whole QR sharp in the frame, or upload the XML/OFD/PDF original', 'QR_NOT_FOUND');
  }
  let qr;
  try {
    qr = parseInvoiceQr(payload);
  } catch (error) {
    if (error instanceof InvoiceQrError) throw new InvoiceUnreadable(error.messageZh, error.messageEn, 'QR_NOT_INVOICE');
    throw error;
  }
  draft.set('number', qr.number);
  draft.set('code', qr.code);
  draft.set('issuedOn', qr.issuedOn);
  draft.set('invoiceType', qr.invoiceType);
  if (qr.amountIs === 'total') draft.setAmount('total', qr.amount);
  else draft.setAmount('amount', qr.amount);
}

function decodeImage(bytes: Buffer, type: 'png' | 'jpeg'): Gray {
  let width: number;
  let height: number;
  let rgba: Uint8Array;
  try {
    if (type === 'png') {
      const png = PNG.sync.read(bytes);
      ({ width, height } = png);
      if (width * height > MAX_PIXELS) throw new RangeError('too large');
      rgba = png.data;
    } else {
      const image = jpeg.decode(bytes, { useTArray: true, maxResolutionInMP: MAX_PIXELS / 1_000_000, maxMemoryUsageInMB: 512, formatAsRGBA: true });
      ({ width, height } = image);
      rgba = image.data;
    }
  } catch (error) {
    if (error instanceof InvoiceUnreadable) throw error;
    throw new InvoiceUnreadable(`图片无法解码（不是完整的 ${type.toUpperCase()}，或超过 4000 万像素）`, `The picture could not be decoded (not an intact ${type.toUpperCase()}, or over 40 megapixels)`, 'IMAGE_UNREADABLE');
  }
  const data = new Uint8ClampedArray(width * height);
  for (let i = 0, p = 0; p < data.length; i += 4, p++) data[p] = (rgba[i] * 299 + rgba[i + 1] * 587 + rgba[i + 2] * 114) / 1000;
  return { width, height, data };
}

/** The first version of the picture jsQR reads as an invoice payload (starts with `01,`). */
function decodeQr(image: Gray): string | null {
  const longest = Math.max(image.width, image.height);
  const sizes = [...new Set([1200, 800, 1600, 500].map((size) => Math.min(size, longest)))];
  let anyPayload: string | null = null;
  for (const size of sizes) {
    const scaled = resize(image, size / longest);
    for (const variant of [scaled, flattenLighting(scaled), stretchContrast(scaled)]) {
      const found = jsQR(toRgba(variant), variant.width, variant.height, { inversionAttempts: 'dontInvert' });
      if (found?.data) {
        if (/^01[,，]/.test(found.data.trim())) return found.data;
        anyPayload ??= found.data;
      }
    }
  }
  return anyPayload;
}

function resize(image: Gray, factor: number): Gray {
  if (factor >= 0.999) return image;
  const width = Math.max(1, Math.round(image.width * factor));
  const height = Math.max(1, Math.round(image.height * factor));
  const data = new Uint8ClampedArray(width * height);
  const step = 1 / factor;
  // Box filter: each output pixel averages the source pixels it covers.
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * step);
    const y1 = Math.min(image.height, Math.max(y0 + 1, Math.floor((y + 1) * step)));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * step);
      const x1 = Math.min(image.width, Math.max(x0 + 1, Math.floor((x + 1) * step)));
      let sum = 0;
      for (let sy = y0; sy < y1; sy++) for (let sx = x0; sx < x1; sx++) sum += image.data[sy * image.width + sx];
      data[y * width + x] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  return { width, height, data };
}

/** Each pixel against the mean of its neighbourhood (an integral image): evens out shadows and glare. */
function flattenLighting(image: Gray): Gray {
  const { width, height } = image;
  const integral = new Float64Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += image.data[y * width + x];
      integral[(y + 1) * (width + 1) + x + 1] = integral[y * (width + 1) + x + 1] + row;
    }
  }
  const radius = Math.max(8, Math.round(Math.min(width, height) / 16));
  const data = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) {
    const top = Math.max(0, y - radius);
    const bottom = Math.min(height, y + radius + 1);
    for (let x = 0; x < width; x++) {
      const left = Math.max(0, x - radius);
      const right = Math.min(width, x + radius + 1);
      const sum = integral[bottom * (width + 1) + right] - integral[top * (width + 1) + right] - integral[bottom * (width + 1) + left] + integral[top * (width + 1) + left];
      const mean = sum / ((bottom - top) * (right - left));
      data[y * width + x] = image.data[y * width + x] < mean * 0.9 ? 0 : 255;
    }
  }
  return { width, height, data };
}

function stretchContrast(image: Gray): Gray {
  let low = 255;
  let high = 0;
  for (const value of image.data) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  const range = Math.max(1, high - low);
  return { ...image, data: image.data.map((value) => ((value - low) * 255) / range) };
}

function toRgba(image: Gray): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  for (let p = 0, i = 0; p < image.data.length; p++, i += 4) {
    rgba[i] = rgba[i + 1] = rgba[i + 2] = image.data[p];
    rgba[i + 3] = 255;
  }
  return rgba;
}
