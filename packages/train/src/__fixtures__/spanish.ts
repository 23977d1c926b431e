import { alignCharSpan, tokenize, type Example } from '@nerflow/corpus';

/**
 * Small hand-written Spanish NER examples for tests, in a markup where `[Juan Pérez](PER)` marks an
 * entity. Written for nerflow (no CoNLL-2002 text: that data may not be committed).
 */
export const SENTENCES = [
  '[Juan Pérez](PER) vive en [Madrid](LOC) desde 2010.',
  '[María García](PER) trabaja para [Telefónica](ORG) en [Barcelona](LOC).',
  'El presidente de [Iberdrola](ORG) visitó [Sevilla](LOC) ayer.',
  '[Carlos Ruiz](PER) y [Ana López](PER) viajaron a [Valencia](LOC).',
  'La [Universidad de Salamanca](ORG) abrió un nuevo centro.',
  '[Pedro Sánchez](PER) se reunió con el [Banco Santander](ORG) en [Bilbao](LOC).',
  '[Lucía Martín](PER) estudió en [Granada](LOC) durante tres años.',
  'El [Real Madrid](ORG) ganó el partido en [Zaragoza](LOC).',
  '[Javier Torres](PER) dirige [Mercadona](ORG) desde [Valencia](LOC).',
  '[Elena Gómez](PER) presentó el informe de [Repsol](ORG) en [Toledo](LOC).',
  'Según [Luis Moreno](PER), la campaña de [Google](ORG) llegó a [Málaga](LOC).',
  'Los clientes de [Zara](ORG) en [Murcia](LOC) compraron más este año.',
];

/** Parses the markup into an example with tokens and aligned spans. */
export function fromMarkup(markup: string): Example {
  let text = '';
  const spans: { start: number; end: number; label: string }[] = [];
  const re = /\[([^\]]+)\]\(([A-Z]+)\)/g;
  let last = 0;
  for (const m of markup.matchAll(re)) {
    text += markup.slice(last, m.index);
    const start = [...text].length;
    text += m[1];
    spans.push({ start, end: [...text].length, label: m[2]! });
    last = m.index! + m[0].length;
  }
  text += markup.slice(last);
  const tokens = tokenize(text);
  return {
    text, tokens, answer: 'accept',
    spans: spans.map((s) => ({ ...s, ...alignCharSpan(tokens, s.start, s.end) })),
  };
}

export const EXAMPLES: Example[] = SENTENCES.map(fromMarkup);
