import type { Shortcut } from "@/components/shortcuts-dialog";

/** The writing screen's keys as its shortcuts dialog lists them; `mod` is "⌘" on a Mac, else "Ctrl". */
export const writingShortcuts = (mod: string): Shortcut[] => [
  { keys: [mod, "Enter"], does: "Submit (asks to confirm)" },
  { keys: [mod, "S"], does: "Save now" },
  { keys: ["Alt", "G"], does: "Show or hide the guidelines" },
  { keys: ["Alt", "M"], does: "Preview the turn you are writing as markdown, and back" },
  { keys: ["Alt", "T"], does: "Show or hide the protocol view" },
  { keys: ["?"], does: "This list (outside the editor)" },
  { keys: ["Esc"], does: "Close a dialog" },
];
