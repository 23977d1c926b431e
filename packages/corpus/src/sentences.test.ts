import { describe, expect, it } from 'vitest';
import { sliceCodePoints } from './offsets.js';
import { splitSentences } from './sentences.js';

const sents = (text: string) => splitSentences(text).map((s) => sliceCodePoints(text, s.start, s.end));

describe('splitSentences', () => {
  it('splits at full stops, question and exclamation marks', () => {
    expect(sents('El SEO tarda meses. ¿Merece la pena? ¡Sí! Lo dice el informe.')).toEqual(
      ['El SEO tarda meses.', '¿Merece la pena?', '¡Sí!', 'Lo dice el informe.'],
    );
  });

  it('does not split after abbreviations, initials or inside numbers', () => {
    expect(sents('La Sra. Gómez y el Dr. J. Ruiz ganaron 1.500 € en EE.UU. en mayo. Después volvieron.')).toEqual(
      ['La Sra. Gómez y el Dr. J. Ruiz ganaron 1.500 € en EE.UU. en mayo.', 'Después volvieron.'],
    );
  });

  it('keeps closing quotes with their sentence and splits at blank lines', () => {
    expect(sents('Dijo «vamos a medir el ROI». Luego calló.\n\nMétricas clave\n\nEl CTR importa')).toEqual(
      ['Dijo «vamos a medir el ROI».', 'Luego calló.', 'Métricas clave', 'El CTR importa'],
    );
  });

  it('does not split before a lower-case word', () => {
    expect(sents('Usa la v. 2 de la API. y sigue.')).toEqual(['Usa la v. 2 de la API. y sigue.']);
  });
});

describe('splitSentences after a single capital', () => {
  it('splits "Mac OS X. Figura 11" into two sentences, and keeps "J. R. Jiménez" in one', () => {
    expect(sents('Funciona en Mac OS X. Figura 11: la ventana principal.')).toEqual(['Funciona en Mac OS X.', 'Figura 11: la ventana principal.']);
    expect(sents('Lo escribió J. R. Jiménez en Moguer. Después se fue.')).toEqual(['Lo escribió J. R. Jiménez en Moguer.', 'Después se fue.']);
  });
});
