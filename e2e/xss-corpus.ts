/**
 * Hostile text for e2e/xss.spec.ts: each payload tries to run `__xss(<id>)` (the spec's init
 * script defines it and records the call) or a dialog, in a different way. Every payload carries a
 * marker `xssNN` that stays readable however the text is rendered (plain or markdown), so the spec
 * can check the text is really on the screen.
 *
 * At most 80 characters each: the shortest user-writable fields (reject reasons, rubric labels) take
 * 80, so every payload fits every field whole. Sources: OWASP's XSS filter evasion cheat sheet,
 * PortSwigger's XSS cheat sheet, the DOMPurify mXSS advisories, Label Studio's CVE-2025-25296.
 */
export type XssPayload = { id: number; marker: string; kind: string; text: string };

const raw: Array<[kind: string, text: string]> = [
  ["img onerror", "<img src=x onerror=__xss(1)>"],
  ["script tag", "<script>__xss(2)</script>"],
  ["svg onload", "<svg onload=__xss(3)>"],
  ["script in svg", "<svg><script>__xss(4)</script></svg>"],
  ["body onload", "<body onload=__xss(5)>"],
  ["iframe srcdoc", `<iframe srcdoc="<script>parent.__xss(6)</script>">`],
  ["object data", `<object data="javascript:__xss(7)">`],
  ["embed src", `<embed src="javascript:__xss(8)">`],
  ["html javascript: link", `<a href="javascript:__xss(9)">click</a>`],
  ["markdown javascript: link", "[click](javascript:__xss(10))"],
  ["mixed-case scheme", "[click](JaVaScRiPt:__xss(11))"],
  ["entity colon in scheme", "[click](javascript&colon;__xss(12))"],
  ["numeric entity in scheme", "[click](&#106;avascript:__xss(13))"],
  ["markdown image javascript:", "![pic](javascript:__xss(14))"],
  ["data:text/html link", "[click](data:text/html,<script>__xss(15)</script>)"],
  ["data: svg image", "![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9X194c3MoMTYpPg==)"],
  ["vbscript: link", "[click](vbscript:__xss(17))"],
  ["reference link", "[click][r18]\n\n[r18]: javascript:__xss(18)"],
  ["autolink", "<javascript:__xss(19)>"],
  ["math xlink:href", `<math><mi xlink:href="javascript:__xss(20)">m</mi></math>`],
  ["mXSS noscript", `<noscript><p title="</noscript><img src=x onerror=__xss(21)>">`],
  ["mXSS svg style", `<svg></p><style><a id="</style><img src=1 onerror=__xss(22)>">`],
  ["entity-encoded tag", "&lt;img src=x onerror=__xss(23)&gt;"],
  ["numeric-entity script", "&#60;script&#62;__xss(24)&#60;/script&#62;"],
  ["mixed-case script", "<ScRiPt>__xss(25)</sCrIpT>"],
  ["img javascript: src", "<IMG SRC=javascript:__xss(26)>"],
  ["entity-encoded handler", `<img src=x onerror="&#95;&#95;xss(27)">`],
  ["details ontoggle", "<details open ontoggle=__xss(28)>"],
  ["autofocus onfocus", "<input autofocus onfocus=__xss(29)>"],
  ["bidi override", "\u202E<img src=x onerror=__xss(30)>\u202C"],
  ["zero-width in tag", "<img\u200B src=x onerror=__xss(31)>"],
  ["zero-width in scheme", "[click](java\u200Bscript:__xss(32))"],
  ["template injection", "{{constructor.constructor('__xss(33)')()}}"],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the payload is a template literal typed as text
  ["template literal", "${__xss(34)} `${__xss(34)}`"],
  ["css url(javascript:)", `<div style="background:url(javascript:__xss(35))">x</div>`],
  ["css expression", `<div style="width:expression(__xss(36))">x</div>`],
  ["css @import", `<style>@import "javascript:__xss(37)";</style>`],
  ["base64 data: link", `<a href="data:text/html;base64,PHNjcmlwdD5fX3hzcygzOCk8L3NjcmlwdD4=">d</a>`],
  ["meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:__xss(39)">`],
  ["base href", `<base href="javascript:__xss(40)//">`],
  ["video source onerror", "<video><source onerror=__xss(41)></video>"],
  ["svg animate onbegin", "<svg><animate onbegin=__xss(42) attributeName=x dur=1s>"],
  ["attribute breakout", `"><img src=x onerror=__xss(43)>`],
  ["script-end breakout", "</script><script>__xss(44)</script>"],
  ["js string breakout", "';__xss(45);//\";__xss(45);//"],
  ["markdown link title", `[click](https://example.com "\\"onmouseover=__xss(46) x=")`],
  ["html in markdown link text", `[<img src=x onerror=__xss(47)>](#top)`],
  ["spaced javascript: link", "[click]( javascript:__xss(48))"],
];

export const XSS_CORPUS: XssPayload[] = raw.map(([kind, text], i) => {
  const marker = `xss${String(i + 1).padStart(2, "0")}`;
  return { id: i + 1, marker, kind, text: `${marker} ${text}` };
});

/** All payloads as one markdown document, a blank line between them. */
export const corpusMarkdown = (payloads: XssPayload[] = XSS_CORPUS) => payloads.map((p) => p.text).join("\n\n");
