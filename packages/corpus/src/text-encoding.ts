/**
 * Decoding plain-text files whose encoding nobody declared. UTF-8 is the norm; Spanish text from
 * older Windows tools is often Latin-1 (windows-1252) or UTF-16, which decoded as UTF-8 silently
 * becomes `A�o` / NUL-riddled text. Detect those and say so, instead of corrupting the words.
 */

export interface DecodedText {
  text: string;
  /** 'utf-8', 'utf-16le', 'utf-16be' or 'windows-1252'. */
  encoding: string;
  /** Set when the bytes were not UTF-8: what was done, for the user's log. */
  warning?: string;
}

/** Guesses UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte. */
function utf16Guess(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length - (b.length % 2), 4096);
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenNul++;
    if (b[i + 1] === 0) oddNul++;
  }
  const half = n / 2;
  if (oddNul > half * 0.4 && evenNul < half * 0.05) return 'utf-16le';
  if (evenNul > half * 0.4 && oddNul < half * 0.05) return 'utf-16be';
  return null;
}

/**
 * Decodes text bytes: a UTF-8/UTF-16 BOM decides; otherwise valid UTF-8 is UTF-8, NUL-patterned
 * bytes are UTF-16, and anything else is windows-1252 (a superset of Latin-1), with a warning.
 * @example decodeText(Buffer.from('Año', 'latin1')).text // 'Año'
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  const bom16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  const utf16 = bom16 ?? utf16Guess(bytes);
  if (utf16) {
    return {
      text: new TextDecoder(utf16).decode(bom16 ? bytes.subarray(2) : bytes), encoding: utf16,
      warning: `the file is ${utf16.toUpperCase()}, not UTF-8: decoded as ${utf16.toUpperCase()}`,
    };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252',
      warning: 'the file is not valid UTF-8: decoded as Latin-1 (windows-1252); convert it to UTF-8 (iconv -f latin1 -t utf-8) if that is wrong',
    };
  }
}
