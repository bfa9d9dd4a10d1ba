import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InvoiceUnreadable, UnsafeOriginal } from './intake-result';

/** A parsed XML element with namespace prefixes removed: child elements by local name, attributes as `@_name`. */
export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Entities are never expanded; a document declaring any is refused before it gets here.
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: false,
});

/** Refuses a DTD or entity declaration (XXE, billion laughs): no e-invoice schema uses one. */
export function refuseDtd(text: string): void {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new UnsafeOriginal('XML 含有 DTD 或实体声明，已拒收（电子发票不使用 DTD）', 'The XML declares a DTD or entities and was refused (e-invoices use none)', 'XML_DTD');
  }
}

/** Decodes XML bytes by their declared encoding (UTF-8 by default; some issuers write GBK). */
export function decodeXml(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = /encoding\s*=\s*["']([\w-]+)["']/i.exec(head)?.[1]?.toLowerCase();
  const encoding = declared && /^(gbk|gb2312|gb18030)$/.test(declared) ? 'gb18030' : 'utf-8';
  return new TextDecoder(encoding).decode(bytes).replace(/^\uFEFF/, '');
}

/** Parses XML safely: no DTD, no entity expansion, well-formedness checked. */
export function parseXml(text: string, what = 'XML'): XmlNode {
  refuseDtd(text);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new InvoiceUnreadable(`${what} 不是格式正确的 XML（第 ${valid.err.line} 行：${valid.err.msg}）`, `${what} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`, 'XML_MALFORMED');
  }
  return parser.parse(text) as XmlNode;
}

/** The text of an element (its `#text` when it also has attributes). */
export function textOf(value: XmlValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return decodeEntities(value);
  if (Array.isArray(value)) return textOf(value[0]);
  const text = value['#text'];
  return typeof text === 'string' ? decodeEntities(text) : undefined;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The five predefined entities and character references; nothing a document declares. */
function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (_, name: string) =>
    name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : PREDEFINED[name],
  );
}

/** Child elements of one name as a list, whether the parser gave one or many. */
export function childrenOf(node: XmlValue | undefined, name: string): XmlValue[] {
  if (node === undefined || typeof node === 'string' || Array.isArray(node)) return [];
  const child = node[name];
  if (child === undefined) return [];
  return Array.isArray(child) ? child : [child];
}

/** The first element of a local name anywhere below `node`, depth first. */
export function findFirst(node: XmlValue | undefined, name: string): XmlValue | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findFirst(item, name);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (name in node) return node[name];
  for (const [key, child] of Object.entries(node)) {
    if (key.startsWith('@_')) continue;
    const found = findFirst(child, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The text of the first element among `names` found below `node`. */
export function findText(node: XmlValue | undefined, ...names: string[]): string | undefined {
  for (const name of names) {
    const text = textOf(findFirst(node, name))?.trim();
    if (text) return text;
  }
  return undefined;
}

/** Every element of a local name below `node`, in document order. */
export function findAll(node: XmlValue | undefined, name: string, out: XmlValue[] = []): XmlValue[] {
  if (node === undefined || typeof node === 'string') return out;
  if (Array.isArray(node)) {
    for (const item of node) findAll(item, name, out);
    return out;
  }
  for (const [key, child] of Object.entries(node)) {
    if (key.startsWith('@_')) continue;
    if (key === name) {
      if (Array.isArray(child)) out.push(...child);
      else out.push(child);
    } else findAll(child, name, out);
  }
  return out;
}
