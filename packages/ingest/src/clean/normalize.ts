/**
 * Character-level clean-up of extracted text: ligatures, soft hyphens, odd spaces, invisible and
 * control characters, and accents that PDF fonts without a Unicode map emit as separate spacing
 * marks (`´a`, `˜n`, LaTeX's dotless `ı`), private-use glyphs of symbol fonts, `¡T¿` for `<T>`.
 * Ends with NFC so that `é` is always one code point.
 */
const LIGATURES: Record<string, string> = {
  '\uFB00': 'ff', '\uFB01': 'fi', '\uFB02': 'fl', '\uFB03': 'ffi', '\uFB04': 'ffl', '\uFB05': 'st', '\uFB06': 'st',
};
const SPACING_ACCENT: Record<string, string> = { '´': '\u0301', '`': '\u0300', '˜': '\u0303', '¨': '\u0308', 'ˆ': '\u0302' };

const LIG_RE = /[\uFB00-\uFB06]/gu;
const SPACES_RE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t]/gu;
const INVISIBLE_RE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/gu;
const CONTROL_RE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/gu;
// A spacing accent glued to a vowel or n: "´a", "a´" (rarer), "˜n", "´ı".
const ACCENT_RE = /([´`˜¨ˆ])\s?([aeiouAEIOUınN])/gu;
// Private-use code points: glyphs of symbol fonts (Wingdings/Symbol bullets, math pieces) that
// carry no Unicode meaning. At a line start before a space they are a bullet; elsewhere dropped.
const PUA_BULLET_RE = /^\s*[\uE000-\uF8FF]\s+/u;
const PUA_RE = /[\uE000-\uF8FF\u{F0000}-\u{FFFFD}]/gu;

// LaTeX's OT1 text fonts have ¡ and ¿ in the slots of < and >: `DoubleLinkedList¡T¿`,
// `HashMap¡String, Double¿`. In Spanish ¡ and ¿ open a clause, so they never follow a letter; a
// line with both after a letter (or a bracket) is such a pair.
const OT1_OPEN = /[\p{L}\p{N}_]¡/u;
const OT1_CLOSE = /[\p{L}\p{N}_>]¿/u;
const OT1_OPEN_G = /(?<=[\p{L}\p{N}_<¡])¡/gu;
const OT1_CLOSE_G = /(?<=[\p{L}\p{N}_>¿])¿/gu;

/** Normalises one line (or paragraph) of extracted text. */
export function normalizeText(text: string): string {
  let s = text;
  s = s.replace(LIG_RE, (c) => LIGATURES[c]!);
  s = s.replace(INVISIBLE_RE, '').replace(CONTROL_RE, '').replace(SPACES_RE, ' ');
  s = s.replace(PUA_BULLET_RE, '• ').replace(PUA_RE, '');
  s = s.replace(ACCENT_RE, (m, accent: string, base: string) => {
    if (accent === '˜' && !/[nN]/u.test(base)) return m;
    if (accent !== '˜' && /[nN]/u.test(base)) return m;
    return (base === 'ı' ? 'i' : base) + SPACING_ACCENT[accent]!;
  });
  s = s.replace(/ı/gu, 'i');
  if (OT1_OPEN.test(s) && OT1_CLOSE.test(s)) s = s.replace(OT1_OPEN_G, '<').replace(OT1_CLOSE_G, '>');
  return s.normalize('NFC').replace(/ {2,}/gu, ' ').trim();
}

/** True when a line ends with a soft hyphen (U+00AD): a break the typesetter chose, always joined. */
export function endsWithSoftHyphen(text: string): boolean {
  return /\u00AD\s*$/u.test(text);
}
