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

  it('keeps body lines that share a place and differ only in their numbers when the numbers do not follow the page', () => {
    // One month per page: the same sentence at the foot of every page with that month's figures,
    // above a real footer. Only the footer (its number moves with the page) is page furniture.
    const totals = [1250, 980, 1420, 1105, 1330, 990];
    const pages = totals.map((t, k) => [
      { text: `Ventas de ${['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio'][k]} en la tienda en línea de la cooperativa.`, y: 0.1 },
      { text: `El mes cerró con ${t} pedidos y ${Math.round(t / 25)} devoluciones.`, y: 0.85 },
      { text: `Página ${k + 3} de 8`, y: 0.95 },
    ]);
    const { drop } = findRepeatedLines(pages);
    expect(drop.map((d) => [...d].sort())).toEqual(pages.map(() => [2]));
  });

  it('drops a header whose number is fixed (a year) and one whose number follows the page with an offset', () => {
    const pages = [1, 2, 3, 4].map((n) => [
      { text: 'Curso 2024-25 · Redes de computadores', y: 0.04 },
      { text: `${n + 10} Protocolos de aplicación`, y: 0.07 },
      { text: `Texto propio de la página ${['uno', 'dos', 'tres', 'cuatro'][n - 1]} sobre el protocolo FTP.`, y: 0.3 },
    ]);
    const { drop } = findRepeatedLines(pages);
    expect(drop.map((d) => [...d].sort())).toEqual(pages.map(() => [0, 1]));
  });

  it('drops a book\'s running title that sits on the even pages only, and keeps the body', () => {
    const body = ['La sílaba no tiene existencia fonética real.', 'Las palabras se dividen antes de una consonante.', 'El grupo rr es indivisible.',
      'Los prefijos breves son problemáticos.', 'La regla se aparta del criterio silábico.', 'Aquí hay poco de nuevo.', 'El guion no se repite.',
      'Los compuestos se dividen por sus componentes.', 'La división etimológica no aporta nada.'];
    const pages = body.map((text, k) => [
      // Odd pages: the section's own title, a different one on each.
      { text: k % 2 === 1 ? 'División de palabras con guiones' : ['Introducción', 'Reglas generales', 'Consonantes', 'Prefijos', 'Compuestos'][k / 2]! },
      { text },
    ]);
    const { drop } = findRepeatedLines(pages);
    expect(drop.map((d) => [...d])).toEqual(pages.map((_, k) => (k % 2 === 1 ? [0] : [])));
  });

  it('recognises bare page numbers', () => {
    for (const t of ['7', '- 7 -', 'Página 7 de 40', 'pág. 12', '7/40', 'Page 3 of 9']) expect(isPageNumber(t), t).toBe(true);
    for (const t of ['7 de marzo', 'El 7 de cada 10 clientes', '2024 fue un buen año']) expect(isPageNumber(t), t).toBe(false);
  });
});
