"use client";

import { type RefObject, useLayoutEffect } from "react";

/**
 * Opens the task at the turn being answered, the way a chat reads: the conversation is scrolled
 * so that message sits right above the editor, earlier turns a scroll up. It stays in view while
 * the editor grows or the window resizes, as long as it was in view before (a labeler who scrolled
 * up to read keeps their place). On a wide screen the conversation pane scrolls; on a narrow one,
 * where the screen is one column, the page does.
 */
export function useTurnInView(paneRef: RefObject<HTMLElement | null>) {
  useLayoutEffect(() => {
    const pane = paneRef.current;
    const message = pane?.querySelector<HTMLElement>("[data-answered]"); // set by conversation.tsx
    if (!pane || !message) return;
    const paneScrolls = () => getComputedStyle(pane).overflowY !== "visible";
    const view = () => {
      if (paneScrolls()) return pane.getBoundingClientRect();
      const bottom = pane.closest("form")?.querySelector("footer")?.getBoundingClientRect().top;
      return { top: 0, bottom: Math.min(window.innerHeight, bottom ?? window.innerHeight) };
    };
    const inView = () => {
      const box = message.getBoundingClientRect();
      const { top, bottom } = view();
      return box.top >= top - 1 && box.bottom <= bottom + 1;
    };
    const reveal = () => {
      const box = message.getBoundingClientRect();
      const { top, bottom } = view();
      if (paneScrolls()) {
        // The whole message fits: show the end of the conversation; otherwise where the message starts.
        pane.scrollTop = box.height <= bottom - top ? pane.scrollHeight : pane.scrollTop + box.top - top - 8;
      } else if (box.top < top || box.bottom > bottom) {
        window.scrollTo({ top: window.scrollY + box.top - 8 });
      }
    };

    reveal();
    let wasInView = inView();
    const remember = () => {
      wasInView = inView();
    };
    const observer = new ResizeObserver(() => {
      if (wasInView && !inView()) reveal();
      remember();
    });
    observer.observe(pane);
    if (pane.firstElementChild) observer.observe(pane.firstElementChild);
    pane.addEventListener("scroll", remember, { passive: true });
    window.addEventListener("scroll", remember, { passive: true });
    return () => {
      observer.disconnect();
      pane.removeEventListener("scroll", remember);
      window.removeEventListener("scroll", remember);
    };
  }, [paneRef]);
}
