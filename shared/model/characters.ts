// How a single character is named to a person: itself and its code point, since the one
// case it is named for is a character that may not show on their screen or printout either.

/** '𠮷' → '𠮷 (U+20BB7)'. */
export function characterLabel(ch: string): string {
  return `${ch} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
}
