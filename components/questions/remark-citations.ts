import { findCitations, unitAnchor } from "@/lib/retrieval/citations";

/**
 * A remark plugin: citations of the document's labels in an answer (`[p. 12]`, `p. 3–5`,
 * `src/auth.ts:40`, also inside inline code) become links to the unit's anchor on the document
 * page. The matching is lib/retrieval/citations.ts; this only rewrites the Markdown tree. Text
 * already inside a link, and code blocks, are left alone.
 */

interface MdNode {
  type: string;
  value?: string;
  url?: string;
  children?: MdNode[];
}

function link(ordinal: number, children: MdNode[]): MdNode {
  return { type: "link", url: `#${unitAnchor(ordinal)}`, children };
}

function rewrite(node: MdNode, labels: readonly string[]): MdNode[] {
  if (node.type === "inlineCode" && node.value) {
    // A cited file in backticks: the whole code span becomes the link (to the first file cited).
    const first = findCitations(node.value, labels)[0];
    return first ? [link(first.ordinal, [node])] : [node];
  }
  if (node.type !== "text" || !node.value) return [node];
  const text = node.value;
  const citations = findCitations(text, labels);
  if (citations.length === 0) return [node];
  const out: MdNode[] = [];
  let at = 0;
  for (const citation of citations) {
    if (citation.start > at) out.push({ type: "text", value: text.slice(at, citation.start) });
    out.push(link(citation.ordinal, [{ type: "text", value: citation.text }]));
    at = citation.end;
  }
  if (at < text.length) out.push({ type: "text", value: text.slice(at) });
  return out;
}

function walk(node: MdNode, labels: readonly string[]): void {
  if (!node.children || node.type === "link" || node.type === "linkReference") return;
  node.children = node.children.flatMap((child) => {
    walk(child, labels);
    return rewrite(child, labels);
  });
}

export function remarkCitations(options: { labels: readonly string[] }) {
  return (tree: MdNode) => walk(tree, options.labels);
}
