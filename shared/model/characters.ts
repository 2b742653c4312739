// Characters in what people and other programs give us: how one is named to a person, and
// which ones a case's text may not hold.

/** '𠮷' → '𠮷 (U+20BB7)'. */
export function characterLabel(ch: string): string {
  return `${ch} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
}

/**
 * Characters that print as nothing or as a crossed box, or turn the text around: C0 and C1
 * controls, line and paragraph separators, bidirectional controls, the byte-order mark, and
 * the BMP's noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF: code points Unicode keeps out of
 * text, and U+FFFE/U+FFFF are not even allowed in XML, so an XLSX holding one is broken).
 * A name or an institution holding one prints wrong on the cover and finds nothing in search.
 */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufdd0-\ufdef\ufffe\uffff]/;

/** The same, line breaks and tabs allowed (free-text notes). */
export const CONTROL_CHARACTERS_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufdd0-\ufdef\ufffe\uffff]/;

/**
 * Half of a UTF-16 surrogate pair without its other half: not a character at all. JSON can
 * carry one ("\ud800"); stored as UTF-8 it silently becomes U+FFFD, so the name that comes
 * back is not the one given.
 */
export const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The message a refused text field gets (the contract's messages are English; the screens translate it). */
export const CONTROL_MESSAGE = 'must not contain line breaks, control characters or invisible direction marks';
export const SURROGATE_MESSAGE = 'contains a broken character (half of a UTF-16 surrogate pair)';
