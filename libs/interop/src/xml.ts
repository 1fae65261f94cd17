/**
 * A small, strict XML reader for alert feeds (JMA disaster-information XML, OASIS CAP 1.2): elements,
 * attributes, text, CDATA, comments, processing instructions. No DTDs or entities beyond the five
 * predefined and numeric ones (a DOCTYPE is refused, which also rules out entity-expansion attacks).
 * Namespace prefixes are dropped from element names: the feeds use one vocabulary per element.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    if (e in ENTITIES) return ENTITIES[e];
    throw new XmlError(`unknown entity ${m}`);
  });
}

const local = (n: string) => n.slice(n.indexOf(':') + 1);

export function parseXml(src: string, maxLength = 2_000_000): XmlElement {
  if (src.length > maxLength) throw new XmlError(`the document is longer than ${maxLength} characters`);
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < src.length) {
    if (src.startsWith('<?', i)) {
      const end = src.indexOf('?>', i);
      if (end < 0) throw new XmlError('unterminated processing instruction');
      i = end + 2;
    } else if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i);
      if (end < 0) throw new XmlError('unterminated comment');
      i = end + 3;
    } else if (src.startsWith('<![CDATA[', i)) {
      const end = src.indexOf(']]>', i);
      if (end < 0 || !stack.length) throw new XmlError('misplaced CDATA');
      stack[stack.length - 1].text += src.slice(i + 9, end);
      i = end + 3;
    } else if (src.startsWith('<!', i)) {
      throw new XmlError('DOCTYPE and other declarations are not accepted');
    } else if (src.startsWith('</', i)) {
      const end = src.indexOf('>', i);
      const name = local(src.slice(i + 2, end).trim());
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlError(`closing tag </${name}> does not match <${open?.name ?? '(none)'}>`);
      open.text = open.text.trim();
      if (!stack.length) root = open;
      i = end + 1;
    } else if (src[i] === '<') {
      const end = src.indexOf('>', i);
      if (end < 0) throw new XmlError('unterminated tag');
      let body = src.slice(i + 1, end);
      const selfClosing = body.endsWith('/');
      if (selfClosing) body = body.slice(0, -1);
      const m = /^([^\s/>]+)([\s\S]*)$/.exec(body.trim());
      if (!m) throw new XmlError('malformed tag');
      const attrs: Record<string, string> = {};
      for (const a of m[2].matchAll(/([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) attrs[local(a[1])] = decode(a[3] ?? a[4] ?? '');
      const el: XmlElement = { name: local(m[1]), attrs, children: [], text: '' };
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) throw new XmlError('more than one root element');
      if (selfClosing) {
        if (!stack.length) root = el;
      } else stack.push(el);
      i = end + 1;
    } else {
      const next = src.indexOf('<', i);
      const text = src.slice(i, next < 0 ? src.length : next);
      if (stack.length) stack[stack.length - 1].text += decode(text);
      else if (text.trim()) throw new XmlError('text outside the root element');
      i = next < 0 ? src.length : next;
    }
  }
  if (stack.length) throw new XmlError(`<${stack[stack.length - 1].name}> is not closed`);
  if (!root) throw new XmlError('no root element');
  return root;
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el?.children.filter((c) => c.name === name) ?? [];
}

export function textOf(el: XmlElement | undefined, name: string): string | undefined {
  return child(el, name)?.text;
}
