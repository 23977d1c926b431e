import { describe, expect, it } from 'vitest';
import { dehyphenate, hyphenEnd, shouldJoin, wordCounts } from './dehyphenate.js';

const lines = (...texts: string[]) => texts.map((text) => ({ text }));
const joinLines = (ls: { text: string }[]) => ls.map((l) => l.text).join(' ');

describe('dehyphenate', () => {
  it('joins words the typesetter split at line ends', () => {
    const { lines: out, joined, kept } = dehyphenate(lines('La estrategia de la em-', 'presa se basa en el posicionamiento orgáni-', 'co y en campañas de pago.'));
    expect(joinLines(out)).toBe('La estrategia de la empresa se basa en el posicionamiento orgánico y en campañas de pago.');
    expect({ joined, kept }).toEqual({ joined: 2, kept: 0 });
  });

  it('keeps the hyphen of a compound the document writes with a hyphen elsewhere', () => {
    const { lines: out } = dehyphenate(lines('El balance económico-financiero fue bueno. El informe económico-', 'financiero se presentó en Madrid.'));
    expect(joinLines(out)).toContain('informe económico-financiero se presentó');
  });

  it('joins when the document uses the joined word elsewhere', () => {
    const { lines: out } = dehyphenate(lines('El comercio electrónico crece. El comercio electró-', 'nico en España.'));
    expect(joinLines(out)).toContain('comercio electrónico en España');
  });

  it('keeps a hyphen before a capital or between two accented words, and at a paragraph end', () => {
    expect(shouldJoin('Castilla', 'La', new Map())).toBe(false);
    expect(shouldJoin('teórico', 'práctico', new Map())).toBe(false);
    expect(shouldJoin('posiciona', 'miento', new Map())).toBe(true);
    const { lines: out } = dehyphenate([{ text: 'Lista de pros y contras:' }, { text: 'pre-' }, { text: 'venta', newPara: true }]);
    expect(out.map((l) => l.text)).toEqual(['Lista de pros y contras:', 'pre-', 'venta']);
  });

  it('always joins at a soft hyphen and hands a paragraph start on when a line empties', () => {
    const { lines: out } = dehyphenate([{ text: 'Título', newPara: true }, { text: 'mercado', newPara: true, softHyphen: true }, { text: 'tecnia digital' }]);
    expect(out).toEqual([{ text: 'Título', newPara: true }, { text: 'mercadotecnia digital', newPara: true }]);
  });

  it('counts words without the fragments at line ends, and finds the fragment cheaply on long lines', () => {
    const counts = wordCounts(lines('El análisis teórico-práctico del mer-', 'cado'));
    expect(counts.get('teórico-práctico')).toBe(1);
    expect(counts.has('mer')).toBe(false);
    const long = `${'palabra '.repeat(5000)}posiciona-`;
    expect(hyphenEnd(long)).toEqual({ word: 'posiciona', at: long.length - 10 });
    expect(hyphenEnd('sin guion')).toBeNull();
  });
});
