import { memo } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
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
 * An image in user text is shown as a link to it, never loaded: loading it would be a request the
 * reader's browser makes in the reader's name (a same-origin URL acts with their session, a remote
 * one is a tracking pixel). Followed only by a click, and then without a referrer.
 */
function ImageAsLink({ src, alt }: { src?: unknown; alt?: string }) {
  const label = `Image: ${alt || (typeof src === "string" ? src : "") || "(no address)"}`;
  // An empty src is what the URL transform leaves of an unsafe one: text only, nothing to follow.
  if (typeof src !== "string" || src === "") return <span>{label}</span>;
  return (
    <a href={src} rel="noopener noreferrer nofollow">
      {label}
    </a>
  );
}

const components: Components = { img: ImageAsLink };

/**
 * Markdown for user-supplied text. react-markdown builds React elements (no innerHTML), its URL
 * transform drops `javascript:` and other unsafe links, and rehype-sanitize is a second net. Nothing in
 * it fetches on its own: images become links (ImageAsLink).
 *
 * Memoised on its text: parsing is the costly part, and the writing screen re-renders on every
 * save-status change around a conversation of up to tens of thousands of tokens that never changes.
 */
export const Markdown = memo(function Markdown({ children, className }: { children: string; className?: string }) {
  return (
    <div className={className ? `markdown ${className}` : "markdown"}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm, remarkHtmlAsText]}
        rehypePlugins={[rehypeSanitize]}
        components={components}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
});
