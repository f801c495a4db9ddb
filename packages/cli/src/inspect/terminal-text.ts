/**
 * Text from a token (every header and claim value, and the messages that quote them) is shown to a
 * person in a terminal. Unverified, it may carry escape sequences that clear the screen and draw a
 * fake report, set the window title, plant OSC 8 hyperlinks or write the clipboard (OSC 52), or bidi
 * controls that reorder what is read. Each such character is shown escaped (`\u001b`) instead.
 */

/**
 * C0 controls (tab and newline included), DEL, C1 controls (0x9b is CSI on its own), the bidi
 * embeddings, overrides, isolates and marks, and the line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** `text` with every character a terminal would act on written as a `\uXXXX` escape. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * JSON text made safe the same way: `JSON.stringify` already escapes C0 controls inside strings, but
 * not DEL, C1 or the bidi and separator characters. The `\uXXXX` escapes keep it the same JSON value.
 */
export function jsonTerminalSafe(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
