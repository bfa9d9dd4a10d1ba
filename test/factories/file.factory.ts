import { writeZip } from '../../src/einvoice/samples/zip-writer';

/** A zip archive of the given entries (deflated). */
export function zipOf(entries: { name: string; content: Buffer | string }[]): Buffer {
  return writeZip(entries.map((entry) => ({ name: entry.name, data: entry.content })));
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
