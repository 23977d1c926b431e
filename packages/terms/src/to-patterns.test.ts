import { describe, expect, it } from 'vitest';
import { PatternMatcher, tokenize } from '@nerflow/corpus';
import { termsToPatterns } from './to-patterns.js';
import { pluralVariants, pluralWord } from './spanish-plural.js';

describe('termsToPatterns', () => {
  it('writes the spaCy/Prodigy token pattern format exactly', () => {
    const lines = termsToPatterns(['Google Ads', 'TCP/IP', 'C++'], { label: 'HERRAMIENTA' }).map((p) => JSON.stringify(p));
    expect(lines).toEqual([
      '{"label":"HERRAMIENTA","pattern":[{"lower":"google"},{"lower":"ads"}]}',
      '{"label":"HERRAMIENTA","pattern":[{"lower":"tcp/ip"}]}',
      '{"label":"HERRAMIENTA","pattern":[{"lower":"c++"}]}',
    ]);
  });

  it('tokenizes terms with the corpus tokenizer so that patterns match tokenized text', () => {
    const pats = termsToPatterns(['Sr. García', 'gestión (de) memoria'], { label: 'X' });
    expect(pats[0]!.pattern).toEqual([{ lower: 'sr.' }, { lower: 'garcía' }]);
    expect(pats[1]!.pattern).toEqual([{ lower: 'gestión' }, { lower: '(' }, { lower: 'de' }, { lower: ')' }, { lower: 'memoria' }]);
    const text = 'La gestión (de) memoria del núcleo la explicó el Sr. García.';
    const spans = new PatternMatcher(pats).matchSpans(tokenize(text));
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['gestión (de) memoria', 'Sr. García']);
  });

  it('writes orth patterns when case-sensitive and phrase patterns on request', () => {
    expect(termsToPatterns(['Visual Basic'], { label: 'LENGUAJE', caseSensitive: true })[0]).toEqual({
      label: 'LENGUAJE', pattern: [{ orth: 'Visual' }, { orth: 'Basic' }],
    });
    expect(JSON.stringify(termsToPatterns(['Tasa de Conversión'], { label: 'METRICA', phrase: true })[0])).toBe(
      '{"label":"METRICA","pattern":"tasa de conversión"}',
    );
  });

  it('adds Spanish plural variants and drops duplicates', () => {
    const pats = termsToPatterns(['base de datos', 'Base de datos', 'compilador'], { label: 'X', plurals: true, phrase: true });
    expect(pats.map((p) => p.pattern)).toEqual(['base de datos', 'bases de datos', 'compilador', 'compiladores', 'compiladors']);
  });
});

describe('Spanish plurals', () => {
  it.each([
    ['programa', 'programas'], ['canción', 'canciones'], ['examen', 'exámenes'], ['imagen', 'imágenes'],
    ['luz', 'luces'], ['autobús', 'autobuses'], ['router', 'routeres'], ['API', 'APIs'], ['bit', 'bits'],
    ['protocolo', 'protocolos'], ['red', 'redes'], ['interfaz', 'interfaces'], ['compás', 'compases'],
  ])('%s -> %s first', (word, plural) => {
    expect(pluralWord(word)[0]).toBe(plural);
  });

  it('keeps words with an unstressed -s unchanged (no variant)', () => {
    expect(pluralWord('análisis')).toEqual([]);
    expect(pluralVariants('análisis léxico')).toEqual([]);
  });

  it('inflects only the head before a connector and every word without one', () => {
    expect(pluralVariants('tasa de conversión')).toEqual(['tasas de conversión']);
    expect(pluralVariants('lista doblemente enlazada')[0]).toBe('listas doblemente enlazadas');
    expect(pluralVariants('red neuronal')[0]).toBe('redes neuronales');
    expect(pluralWord('router')).toContain('routers');
  });
});
