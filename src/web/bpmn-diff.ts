/** What changed between two versions of a BPMN model, element by element. */
export interface BpmnDiff {
  added: { id: string; name: string; type: string }[];
  removed: { id: string; name: string; type: string }[];
  changed: { id: string; name: string; type: string }[];
}

/**
 * Compares the flow elements of two models by id: added, removed, and changed (any attribute,
 * condition, documentation or Camunda extension differs). Diagram positions are not changes.
 */
export function diffBpmn(oldXml: string, newXml: string): BpmnDiff {
  const before = elements(oldXml);
  const after = elements(newXml);
  const describe = (e: Element) => ({ id: e.getAttribute('id')!, name: e.getAttribute('name') ?? '', type: e.localName });
  return {
    added: [...after.keys()].filter((id) => !before.has(id)).map((id) => describe(after.get(id)!.element)),
    removed: [...before.keys()].filter((id) => !after.has(id)).map((id) => describe(before.get(id)!.element)),
    changed: [...after.keys()].filter((id) => before.has(id) && before.get(id)!.signature !== after.get(id)!.signature).map((id) => describe(after.get(id)!.element)),
  };
}

function elements(xml: string): Map<string, { element: Element; signature: string }> {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const found = new Map<string, { element: Element; signature: string }>();
  for (const process of Array.from(doc.getElementsByTagNameNS('*', 'process'))) {
    for (const element of Array.from(process.getElementsByTagName('*'))) {
      const id = element.getAttribute('id');
      if (!id || element.parentElement !== process) continue;
      found.set(id, { element, signature: signature(element) });
    }
  }
  return found;
}

/** Attributes (sorted) and the text of what the element holds, without whitespace between tags. */
function signature(element: Element): string {
  const attributes = Array.from(element.attributes).map((a) => `${a.name}=${a.value}`).sort().join('|');
  const inner = new XMLSerializer().serializeToString(element).replace(/^<[^>]+>/, '').replace(/>\s+</g, '><');
  return `${attributes}#${inner}`;
}
