import { describe, expect, it } from 'vitest';
import { findRepeatedLines, isPageNumber } from './repeated.js';

const page = (n: number, body: string[]) => [
  { text: 'Informe de marketing digital — Grupo Norte' },
  ...body.map((text) => ({ text })),
  { text: `Página ${n} de 6` },
];

describe('findRepeatedLines', () => {
  it('drops a running header and numbered footers repeated on most pages, not the body', () => {
    const body = ['La tienda en línea vendió más en diciembre.', 'El equipo midió el retorno de la inversión.', 'Los anuncios en buscadores funcionaron.',
      'El correo electrónico tuvo buena apertura.', 'Las reseñas de clientes mejoraron.', 'El coste por clic bajó en marzo.', 'Se lanzó una tienda en Instagram.'];
    const pages = [1, 2, 3, 4, 5, 6].map((n) => page(n, [body[n]!, body[n - 1]!]));
    const { drop, examples } = findRepeatedLines(pages);
    for (const d of drop) expect([...d].sort()).toEqual([0, 3]);
    expect(examples).toContain('página # de #');
  });

  it('keeps body lines that repeat at different places on the page', () => {
    const pages = [0, 1, 2, 3].map((k) => [
      ...Array.from({ length: k }, (_, i) => ({ text: `Línea distinta ${i} de la página ${k} con texto propio.`, y: 0.1 + i * 0.05 })),
      { text: 'Las ventas subieron.', y: 0.1 + k * 0.05 },
      { text: `Texto final ${k} sobre publicidad en buscadores.`, y: 0.9 },
    ]);
    const { drop } = findRepeatedLines(pages);
    pages.forEach((lines, p) => {
      const i = lines.findIndex((l) => l.text === 'Las ventas subieron.');
      expect(drop[p]!.has(i)).toBe(false);
    });
  });

  it('orders lines by their height on the page when it is known (headers drawn last)', () => {
    const pages = [1, 2, 3].map((n) => [
      { text: ['El posicionamiento orgánico mejoró.', 'Las ventas en línea crecieron.', 'El coste por clic bajó.'][n - 1]!, y: 0.2 },
      { text: 'Guía de comercio electrónico', y: 0.05 },
    ]);
    const { drop } = findRepeatedLines(pages);
    expect(drop.map((d) => [...d])).toEqual([[1], [1], [1]]);
  });

  it('recognises bare page numbers', () => {
    for (const t of ['7', '- 7 -', 'Página 7 de 40', 'pág. 12', '7/40', 'Page 3 of 9']) expect(isPageNumber(t), t).toBe(true);
    for (const t of ['7 de marzo', 'El 7 de cada 10 clientes', '2024 fue un buen año']) expect(isPageNumber(t), t).toBe(false);
  });
});
