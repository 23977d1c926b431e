import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sliceCodePoints } from './offsets.js';
import { detokenize, isSpaceToken, tokenize } from './tokenizer.js';

const words = (text: string) => tokenize(text).filter((t) => !isSpaceToken(t)).map((t) => t.text);

describe('tokenize', () => {
  it('splits Spanish punctuation, opening marks and quotes', () => {
    expect(words('¿Dónde está el Sr. García? ¡Ya llegó!')).toEqual(
      ['¿', 'Dónde', 'está', 'el', 'Sr.', 'García', '?', '¡', 'Ya', 'llegó', '!'],
    );
    expect(words('Dijo: «la campaña (en Instagram) funcionó».')).toEqual(
      ['Dijo', ':', '«', 'la', 'campaña', '(', 'en', 'Instagram', ')', 'funcionó', '»', '.'],
    );
  });

  it('keeps clitics and contractions whole, as spaCy does for Spanish', () => {
    expect(words('Dámelo del cajón y llévaselo al director.')).toEqual(
      ['Dámelo', 'del', 'cajón', 'y', 'llévaselo', 'al', 'director', '.'],
    );
  });

  it('keeps abbreviations, initials and acronyms with periods', () => {
    expect(words('La Dra. Pérez viajó a EE.UU. con J. R. Jiménez, etc.')).toEqual(
      ['La', 'Dra.', 'Pérez', 'viajó', 'a', 'EE.UU.', 'con', 'J.', 'R.', 'Jiménez', ',', 'etc.'],
    );
  });

  it('keeps numbers with . and , and splits % and € off', () => {
    expect(words('El CTR subió un 12,5% y costó 1.234,56 € (o €20) a las 10:30.')).toEqual(
      ['El', 'CTR', 'subió', 'un', '12,5', '%', 'y', 'costó', '1.234,56', '€', '(', 'o', '€', '20', ')', 'a', 'las', '10:30', '.'],
    );
  });

  it('keeps URLs, e-mails, @handles and #hashtags whole and splits trailing punctuation', () => {
    expect(words('Visita https://www.ejemplo.es/blog?id=3. Escribe a ana.lopez@marketing.com, sigue a @nerflow_es y usa #MarketingDigital.')).toEqual(
      ['Visita', 'https://www.ejemplo.es/blog?id=3', '.', 'Escribe', 'a', 'ana.lopez@marketing.com', ',', 'sigue', 'a', '@nerflow_es', 'y', 'usa', '#MarketingDigital', '.'],
    );
  });

  it('makes whitespace other than one space a token of its own, as spaCy does', () => {
    const tokens = tokenize('Hola  mundo\nadiós');
    expect(tokens.map((t) => [t.text, t.ws])).toEqual([['Hola', true], [' ', false], ['mundo', false], ['\n', false], ['adiós', false]]);
  });

  it('counts offsets in code points, not UTF-16 units (emoji and astral characters)', () => {
    const text = '😀 Me encanta 𝒳 Google Ads 👍🏽!';
    const tokens = tokenize(text);
    const google = tokens.find((t) => t.text === 'Google')!;
    // Python: text.index('Google') == 15 (the emoji and 𝒳 are one code point each).
    expect(google.start).toBe(15);
    expect(google.end).toBe(21);
    for (const t of tokens) expect(sliceCodePoints(text, t.start, t.end)).toBe(t.text);
  });

  it('numbers tokens in order and round-trips the input exactly (property)', () => {
    const alphabet = fc.constantFrom(...'aáeéñoü AB.,;:¿?¡!()«»"\'%€$@#/-\n\t0123456789😀𝒳'.split(''), 'https://x.es', 'Sr.', 'EE.UU.');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const tokens = tokenize(text);
        expect(detokenize(tokens)).toBe(text);
        tokens.forEach((t, i) => {
          expect(t.id).toBe(i);
          expect(sliceCodePoints(text, t.start, t.end)).toBe(t.text);
          if (i > 0) expect(t.start).toBe(tokens[i - 1]!.end + (tokens[i - 1]!.ws ? 1 : 0));
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('tokenize: cases that made real entities impossible to label', () => {
  it('peels a typographic opening quote set the wrong way round (’i386’)', () => {
    expect(words('Compilado para ’i386’ y «amd64».')).toEqual(['Compilado', 'para', '’', 'i386', '’', 'y', '«', 'amd64', '»', '.']);
  });

  it('ends a sentence after a single capital when a sentence opener follows (Mac OS X. Figura 11)', () => {
    expect(words('Funciona en Mac OS X. Figura 11: la ventana.')).toEqual(['Funciona', 'en', 'Mac', 'OS', 'X', '.', 'Figura', '11', ':', 'la', 'ventana', '.']);
    expect(words('Los datos se analizaron en R. Los resultados')).toEqual(['Los', 'datos', 'se', 'analizaron', 'en', 'R', '.', 'Los', 'resultados']);
    // initials before a name stay whole
    expect(words('Lo escribió J. R. Jiménez en 1917.')).toEqual(['Lo', 'escribió', 'J.', 'R.', 'Jiménez', 'en', '1917', '.']);
  });

  it('splits a period between a word and a number, and = between words (Windows.10, EDITOR=vim)', () => {
    expect(words('Instale Windows.10 y ponga EDITOR=vim en el entorno.')).toEqual(['Instale', 'Windows', '.', '10', 'y', 'ponga', 'EDITOR', '=', 'vim', 'en', 'el', 'entorno', '.']);
    // numbers, versions, URLs and e-mails are still whole
    expect(words('Versión 3.14 en https://ejemplo.es/?a=1 o ana@ejemplo.es.')).toEqual(['Versión', '3.14', 'en', 'https://ejemplo.es/?a=1', 'o', 'ana@ejemplo.es', '.']);
  });
});
