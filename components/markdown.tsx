import { memo } from "react";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import rehypeSanitize from "rehype-sanitize";
import type { Root, RootContent } from "mdast";

/**
 * Raw HTML in user text (prompts, responses, guidelines are hostile input) is shown as the
 * literal text the person typed, never interpreted: `<img onerror=…>` reads as what it is.
 */
function remarkHtmlAsText() {
  const visit = (node: Root | RootContent) => {
    if (node.type === "html") (node as unknown as { type: string }).type = "text";
    if ("children" in node) node.children.forEach(visit);
  };
  return (tree: Root) => visit(tree);
}

/**
 * Markdown for user-supplied text. react-markdown builds React elements (no innerHTML), its URL
 * transform drops `javascript:` and other unsafe links, and rehype-sanitize is a second net.
 *
 * Memoised on its text: parsing is the costly part, and the writing screen re-renders on every
 * save-status change around a conversation of up to tens of thousands of tokens that never changes.
 */
export const Markdown = memo(function Markdown({ children, className }: { children: string; className?: string }) {
  return (
    <div className={className ? `markdown ${className}` : "markdown"}>
      <ReactMarkdown remarkPlugins={[remarkGfm, remarkHtmlAsText]} rehypePlugins={[rehypeSanitize]}>
        {children}
      </ReactMarkdown>
    </div>
  );
});
