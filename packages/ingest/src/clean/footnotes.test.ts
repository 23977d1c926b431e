import { describe, expect, it } from 'vitest';
import { findFootnotes } from './footnotes.js';

const page = (...texts: string[]) => ({ lines: texts.map((text) => ({ text })) });

describe('findFootnotes', () => {
  it('takes the number off a footnote at the foot of the page and its mark off the body (babel-spanish)', () => {
    const { notes, text } = findFootnotes([page(
      'Para evitar entrar en conflicto',
      'con otras lenguas, al salir de spanish se reactivan,6 por lo que si se desea que persistan hay que añadir la',
      'orden a \\shorthandsspanish con \\addto.',
      '6 El punto para los decimales no es estrictamente una abreviación y no se reactiva.',
    )]);
    expect([...notes[0]!]).toEqual([3]);
    expect(text[0]!.get(3)).toBe('El punto para los decimales no es estrictamente una abreviación y no se reactiva.');
    expect(text[0]!.get(1)).toBe('con otras lenguas, al salir de spanish se reactivan, por lo que si se desea que persistan hay que añadir la');
  });

  it('finds a footnote whose mark is set apart by a space when it is the next of the document (cursiva 14 ), 15 )', () => {
    const { notes, text } = findFootnotes([
      page('Algunos detalles siguen sin activarse.', 'La orden \\selectspanish permite activar spanish antes de \\begin{document}.13 De esta forma', '13 Algunos detalles, que apenas afectan a spanish, siguen sin activarse hasta el comienzo del documento.'),
      page('Las abreviaciones son', 'cursiva 14 ), A (versal) o finalmente o (ordinal 15 ).', '14 La letra es cursiva pero no los signos que le puedan seguir.', '15 Lo normal es no añadir ningún signo tras ordinal.'),
    ]);
    expect(notes.map((s) => [...s])).toEqual([[2], [2, 3]]);
    expect(text[0]!.get(1)).toBe('La orden \\selectspanish permite activar spanish antes de \\begin{document}. De esta forma');
    expect(text[1]!.get(3)).toBe('Lo normal es no añadir ningún signo tras ordinal.');
  });

  it('takes the mark from the word it is glued to, not from a version number nearer the note (l2tabues: License, v1.0)', () => {
    const { text } = findFootnotes([page(
      'Al leer el foro germano-parlante1 dedicado a TEX',
      'This material may be distributed only subject to the terms and conditions set forth in the Open Publication License,',
      'v1.0 or later (the latest version is presently available at http://www.opencontent.org/openpub/).',
      '1 de.comp.text.tex',
    )]);
    expect(text[0]!.get(0)).toBe('Al leer el foro germano-parlante dedicado a TEX');
    expect(text[0]!.has(2)).toBe(false);
  });

  it('leaves numbered lines that no mark or sequence backs: headings, list items, numbers in the upper half', () => {
    const { notes } = findFootnotes([page(
      '11 Aunque en este caso cabe usar los sinónimos @))) y @(((.',
      'La sección 2.3 trata de los índices.',
      'Los pasos son estos:',
      '3 Descripción de las estructuras de datos principales',
    )]);
    expect(notes[0]!.size).toBe(0);
  });
});
