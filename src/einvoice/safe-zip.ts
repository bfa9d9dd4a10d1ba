import { inflateRawSync } from 'node:zlib';
import { InvoiceUnreadable, UnsafeOriginal } from './intake-result';

/** Limits for reading an archive (an OFD is a zip of XML parts); a file past any of them is refused. */
export interface ZipLimits {
  maxEntries: number;
  /** Sum of all entries' expanded sizes. */
  maxTotalBytes: number;
  /** Expanded / compressed size of any one entry. */
  maxRatio: number;
}

export const OFD_ZIP_LIMITS: ZipLimits = { maxEntries: 1000, maxTotalBytes: 64 * 1024 * 1024, maxRatio: 200 };

const bomb = (why: string, whyEn: string) => new UnsafeOriginal(`压缩包${why}，已拒收`, `The archive ${whyEn} and was refused`, 'ZIP_LIMIT');

/**
 * Reads every entry of a zip into memory within limits, without trusting the sizes it declares: each
 * entry inflates with a hard output cap. Entry names that leave the archive (`..`, absolute paths)
 * are refused; nothing is written to disk.
 */
export function readZip(bytes: Buffer, limits: ZipLimits = OFD_ZIP_LIMITS): Map<string, Buffer> {
  const end = findEndOfCentralDirectory(bytes);
  const count = bytes.readUInt16LE(end + 10);
  const directorySize = bytes.readUInt32LE(end + 12);
  let offset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) throw new InvoiceUnreadable('不支持 ZIP64 格式的压缩包', 'ZIP64 archives are not supported', 'ZIP_UNSUPPORTED');
  if (count > limits.maxEntries) throw bomb(`含 ${count} 个文件，超过 ${limits.maxEntries} 个`, `holds ${count} entries, more than ${limits.maxEntries}`);
  if (offset + directorySize > bytes.length) throw corrupt();
  const entries = new Map<string, Buffer>();
  let expanded = 0;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) throw corrupt();
    const flags = bytes.readUInt16LE(offset + 8);
    const method = bytes.readUInt16LE(offset + 10);
    const compressedSize = bytes.readUInt32LE(offset + 20);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const localOffset = bytes.readUInt32LE(offset + 42);
    const name = bytes.subarray(offset + 46, offset + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    const normalised = name.replace(/\\/g, '/');
    if (normalised.startsWith('/') || /^[a-zA-Z]:/.test(normalised) || normalised.split('/').includes('..')) {
      throw new UnsafeOriginal(`压缩包中的路径「${name}」指向包外，已拒收`, `The archive entry "${name}" points outside the archive and was refused`, 'ZIP_PATH');
    }
    if (flags & 0x1) throw new InvoiceUnreadable('压缩包已加密，无法读取', 'The archive is encrypted', 'ZIP_ENCRYPTED');
    if (localOffset + 30 > bytes.length || bytes.readUInt32LE(localOffset) !== 0x04034b50) throw corrupt();
    const dataStart = localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
    const data = bytes.subarray(dataStart, dataStart + compressedSize);
    if (data.length !== compressedSize) throw corrupt();
    const budget = Math.min(limits.maxTotalBytes - expanded, Math.max(compressedSize, 1) * limits.maxRatio);
    let content: Buffer;
    if (method === 0) content = Buffer.from(data);
    else if (method === 8) {
      try {
        content = inflateRawSync(data, { maxOutputLength: Math.max(budget, 1) });
      } catch (error) {
        if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          throw bomb(`中「${name}」解压后超过限制（压缩比 ${limits.maxRatio} 或总量 ${limits.maxTotalBytes / 1024 / 1024} MB）`, `entry "${name}" expands past the limit (ratio ${limits.maxRatio} or ${limits.maxTotalBytes / 1024 / 1024} MB in all)`);
        }
        throw corrupt();
      }
    } else throw new InvoiceUnreadable(`压缩包使用了不支持的压缩方式 ${method}`, `The archive uses unsupported compression method ${method}`, 'ZIP_UNSUPPORTED');
    if (content.length > budget) throw bomb(`中「${name}」解压后超过限制`, `entry "${name}" expands past the limit`);
    expanded += content.length;
    entries.set(normalised.replace(/^\.\//, ''), content);
  }
  return entries;
}

function corrupt(): InvoiceUnreadable {
  return new InvoiceUnreadable('文件不是完整的 ZIP/OFD 压缩包', 'The file is not an intact ZIP/OFD archive', 'ZIP_CORRUPT');
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) return i;
  }
  throw corrupt();
}
