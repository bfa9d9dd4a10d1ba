import { writeFileSync } from 'node:fs';
import qrcode from 'qrcode-generator';

/**
 * A video Chromium plays as the camera (`--use-file-for-fake-video-capture`): a Y4M file (a text
 * header, then raw I420 frames) showing the QR code of `text` large and centred on white, as a phone
 * held over a label sees it.
 */
export function writeQrVideo(path: string, text: string, options: { width?: number; height?: number; frames?: number } = {}): void {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const frames = options.frames ?? 5;
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const count = qr.getModuleCount();
  // The code with a quiet zone of four modules fills most of the frame's height.
  const module = Math.floor((height * 0.8) / (count + 8));
  const side = count * module;
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (qr.isDark(Math.floor(y / module), Math.floor(x / module))) luma[(top + y) * width + left + x] = 16;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
