// Control characters have no place in feed text: they break terminals, mail headers and JSON
// consumers, and feeds carry them by accident (pasted from word processors, bad entity escapes).
// Tabs and newlines are text; a carriage return becomes a newline so the words it separated stay apart.

const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** `text` without C0 control characters (tab and newline kept) and DEL; CR and CRLF become LF. */
export function stripControls(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROLS, '');
}
