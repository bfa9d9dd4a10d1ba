import { crc32, deflateRawSync } from 'node:zlib';

/** A zip archive of the given entries (deflated), written by hand so a test controls every byte. */
export function zipOf(entries: { name: string; content: Buffer | string }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content, 'utf8');
    const packed = deflateRawSync(data, { level: 9 });
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The smallest valid-looking files of each accepted kind (labelled synthetic), and some that must be refused. */
export const files = {
  pdf: () => Buffer.from('%PDF-1.4\n% 样例 synthetic\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'utf8'),
  png: () => Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5c0e5a00000000049454e44ae426082', 'hex'),
  xml: (body = '<EInvoice><Note>样例 synthetic</Note></EInvoice>') => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`, 'utf8'),
  ofd: () => zipOf([{ name: 'OFD.xml', content: '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><!-- 样例 synthetic --></ofd:OFD>' }, { name: 'Doc_0/Document.xml', content: '<ofd:Document/>' }]),
  /** An ELF executable's first bytes under any name. */
  executable: () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(512, 0x90)]),
  /** An OFD whose one entry expands to 300 MB of zeros. */
  zipBomb: () => zipOf([{ name: 'OFD.xml', content: '<ofd:OFD/>' }, { name: 'Doc_0/zeros.bin', content: Buffer.alloc(300 * 1024 * 1024) }]),
  xmlWithEntities: () => Buffer.from('<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<EInvoice>&lol2;</EInvoice>', 'utf8'),
};
