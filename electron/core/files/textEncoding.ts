// Which text encoding a file's byte-order mark announces. UTF-16 is what Windows tools write
// as "Unicode" (Excel's Unicode text, Notepad's Unicode): its mark is the only sure sign.

/** 'utf-16le' / 'utf-16be' when the bytes open with that byte-order mark, else null. */
export function utf16ByteOrder(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 2) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}
