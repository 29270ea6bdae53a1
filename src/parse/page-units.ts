// The readable units of an article page, read straight off cheerio's DOM without changing it:
// blocks (<p>, <li>, headings…) and runs of loose inline text between <br>s or blocks (old table
// layouts write whole articles that way), each with its text and how much of it is link text.
// Every walk is iterative over plain nodes and visits each node once, so a page with 100,000
// <br>s or 40,000 sibling <p>s costs linear time; cheerio's own find/text are quadratic there.

/** The little of domhandler's node shape we need (cheerio's nodes), without depending on it. */
export interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  parent: DomNode | null;
  children?: DomNode[];
}

export interface Unit {
  /** The element the unit sits in: a block's parent, or the container of a loose run. */
  parent: DomNode;
  text: string;
  linked: number;
  /** A <p> or a loose run: what article paragraphs are made of (list items and headings are not). */
  paragraph: boolean;
}

/** Read whole as one unit. */
const BLOCKS = new Set(['p', 'h2', 'h3', 'h4', 'li', 'blockquote', 'pre']);
/** Elements that end a run of loose text. */
const BREAKS = new Set('br p div table tbody thead tfoot tr td th ul ol li dl dt dd h1 h2 h3 h4 h5 h6 pre blockquote section article main aside header footer nav figure figcaption form hr center'.split(' '));
const INLINE = new Set('a abbr b bdi bdo big cite code em font i img kbd mark q s small span strike strong sub sup time tt u var wbr'.split(' '));

export const isTag = (node: DomNode) => node.type === 'tag';
const childrenOf = (node: DomNode) => node.children ?? [];

/** What the page reader ignores (boilerplate), and which inline elements hold a break somewhere inside. */
export class PageDom {
  readonly skipped: Set<DomNode>;
  private readonly breaking = new Set<DomNode>();

  constructor(root: DomNode, skipped: Set<DomNode>) {
    this.skipped = skipped;
    // Post-order without recursion: a node breaks a run when it is a break or holds one.
    const stack: Array<{ node: DomNode; done: boolean }> = [{ node: root, done: false }];
    while (stack.length > 0) {
      const top = stack.pop()!;
      if (!top.done) {
        stack.push({ node: top.node, done: true });
        for (const child of childrenOf(top.node)) if (isTag(child)) stack.push({ node: child, done: false });
      } else if (BREAKS.has(top.node.name ?? '') || childrenOf(top.node).some((child) => this.breaking.has(child))) {
        this.breaking.add(top.node);
      }
    }
  }

  isInline(node: DomNode): boolean {
    if (node.type === 'text') return true;
    return node.type === 'tag' && INLINE.has(node.name ?? '') && !this.breaking.has(node) && !this.skipped.has(node);
  }

  /** The text under `node` with <br> and inner blocks as line breaks, and the length of its link text. */
  read(node: DomNode): { text: string; linked: number } {
    let text = '';
    let linked = 0;
    const stack: Array<DomNode | { linkEnd: number }> = [node];
    let linkDepth = 0;
    while (stack.length > 0) {
      const item = stack.pop()!;
      if ('linkEnd' in item) {
        if (--linkDepth === 0) linked += text.length - item.linkEnd;
        continue;
      }
      if (item.type === 'text') {
        text += item.data ?? '';
        continue;
      }
      if (!isTag(item) || this.skipped.has(item)) continue;
      if (item.name === 'br') {
        text += '\n';
        continue;
      }
      const block = BREAKS.has(item.name ?? '');
      if (block) text += '\n';
      if (item.name === 'a') {
        // Only the outermost link counts; its marker pops after its children.
        stack.push({ linkEnd: text.length });
        linkDepth++;
      }
      if (block) stack.push({ type: 'text', data: '\n', parent: null });
      const children = childrenOf(item);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
    return { text, linked };
  }

  /** The units under `root` in document order: blocks whole, loose inline runs split at breaks. */
  units(root: DomNode, visit: (unit: Unit) => void): void {
    const runs: DomNode[] = [];
    const flush = (container: DomNode) => {
      if (runs.length === 0) return;
      let text = '';
      let linked = 0;
      for (const node of runs) {
        const read = this.read(node);
        text += read.text;
        linked += read.linked;
      }
      runs.length = 0;
      if (text.trim()) visit({ parent: container, text, linked, paragraph: true });
    };
    // Containers are entered depth first; each frame walks its children and flushes its own runs.
    const stack: Array<{ container: DomNode; index: number }> = [{ container: root, index: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const children = childrenOf(frame.container);
      if (frame.index >= children.length) {
        flush(frame.container);
        stack.pop();
        continue;
      }
      const child = children[frame.index++]!;
      if (this.isInline(child)) {
        runs.push(child);
        continue;
      }
      flush(frame.container);
      if (!isTag(child) || this.skipped.has(child)) continue;
      if (BLOCKS.has(child.name ?? '')) {
        const read = this.read(child);
        if (read.text.trim()) visit({ parent: frame.container, ...read, paragraph: child.name === 'p' });
      } else if (child.name !== 'br') {
        stack.push({ container: child, index: 0 });
      }
    }
  }
}
