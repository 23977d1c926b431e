import { describe, expect, it } from 'vitest';
import { columnOrder, itemsToLines, unspace, type TextItemLike } from './layout.js';

/** A text item at (x, y) in a 10 pt font, about 5 pt per character. */
const item = (str: string, x: number, y: number, hasEOL = false): TextItemLike => ({ str, transform: [10, 0, 0, 10, x, y], width: str.length * 5, height: 10, hasEOL });

describe('itemsToLines', () => {
  it('builds lines from items and marks paragraphs by leading, indent and column jumps', () => {
    const lines = itemsToLines([
      item('El comercio electrónico creció en España', 50, 700), item('durante el año y las pymes vendieron más', 50, 688),
      item('en línea que nunca antes en su historia.', 50, 676),
      item('Los consumidores compararon precios', 60, 664), item('en el móvil antes de comprar.', 50, 652),
      item('Segunda columna: la tienda abrió en Madrid', 300, 700), item('y en Barcelona con buenos resultados.', 300, 688),
    ], 842);
    expect(lines.map((l) => [l.text.slice(0, 12), !!l.newPara])).toEqual([
      ['El comercio ', true], ['durante el a', false], ['en línea que', false],
      ['Los consumid', true], // first-line indent
      ['en el móvil ', false],
      ['Segunda colu', true], // back up the page: the next column
      ['y en Barcelo', false],
    ]);
    expect(lines[0]!.y).toBeCloseTo(1 - 700 / 842);
  });

  it('starts a paragraph after a wider gap than the usual leading', () => {
    const lines = itemsToLines([
      item('Título del informe', 50, 760), item('Primera línea del texto que sigue', 50, 730), item('y su continuación normal.', 50, 718),
      item('Otra línea del mismo texto', 50, 706),
    ], 842);
    expect(lines.map((l) => !!l.newPara)).toEqual([true, true, false, false]);
  });

  it('joins items on one baseline, adding a space where pdf.js left a gap', () => {
    const lines = itemsToLines([item('Google', 50, 700), item('Ads', 85, 700, true), item('mejoró el CTR.', 50, 688)], 842);
    expect(lines.map((l) => l.text)).toEqual(['Google Ads', 'mejoró el CTR.']);
  });
});

describe('columnOrder', () => {
  // Two columns of 8 lines each, drawn line by line across the page (left, right, left, ...).
  const page = (rowTops: number[]) => rowTops.flatMap((y, k) => [
    item(`Línea ${k + 1} de la columna izquierda con texto corrido`, 50, y),
    item(`Línea ${k + 1} de la columna derecha con texto corrido`, 320, y),
  ]);
  it('reads a page drawn across two columns column by column', () => {
    const items = page([700, 688, 676, 664, 652, 640, 628, 616]);
    const order = columnOrder(items, 595).map((i) => i.str.replace(/ con texto corrido$/u, ''));
    expect(order.slice(0, 3)).toEqual(['Línea 1 de la columna izquierda', 'Línea 2 de la columna izquierda', 'Línea 3 de la columna izquierda']);
    expect(order[8]).toBe('Línea 1 de la columna derecha');
  });
  it('keeps the drawing order of a table whose cells start together under each rule (blocks at the same heights)', () => {
    const items = page([700, 688, 660, 648, 620, 608, 580, 568]); // rows of two lines, 28 pt apart
    expect(columnOrder(items, 595)).toBe(items);
  });
});

describe('unspace', () => {
  it('joins letter-spaced runs and leaves ordinary text alone', () => {
    expect(unspace('c a r g a r L i s t a ( )')).toBe('cargarLista()');
    expect(unspace('Método c a r g a r L i s t a ( )')).toBe('Método cargarLista()');
    expect(unspace('El plan A y B se aprobó')).toBe('El plan A y B se aprobó');
    expect(unspace('Informe de marketing digital')).toBe('Informe de marketing digital');
  });
});
