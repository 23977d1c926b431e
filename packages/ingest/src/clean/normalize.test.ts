import { describe, expect, it } from 'vitest';
import { endsWithSoftHyphen, normalizeText } from './normalize.js';

describe('normalizeText', () => {
  it('expands ligatures and drops soft hyphens and zero-width characters', () => {
    expect(normalizeText('la ﬁrma de la oﬁcina ﬂexible')).toBe('la firma de la oficina flexible');
    expect(normalizeText('posi\u00ADcionamiento web\u200B')).toBe('posicionamiento web');
  });

  it('reads LaTeX OT1 angle brackets (¡ ¿ after a letter) as < >, and leaves Spanish ¡ ¿ alone', () => {
    expect(normalizeText('• merge(DoubleLinkedList¡T¿ otraLista): Fusiona otra lista en la lista actual.')).toBe('• merge(DoubleLinkedList<T> otraLista): Fusiona otra lista en la lista actual.');
    expect(normalizeText('Devuelve un ArrayList¡ArrayList¡String¿¿ con un HashMap¡String, Double¿ por web.')).toBe('Devuelve un ArrayList<ArrayList<String>> con un HashMap<String, Double> por web.');
    expect(normalizeText('¿Qué número de puerto utiliza el cliente? ¡Muy bien!')).toBe('¿Qué número de puerto utiliza el cliente? ¡Muy bien!');
    expect(normalizeText('Y entonces¿qué hacemos?')).toBe('Y entonces¿qué hacemos?');
  });

  it('turns odd spaces into one space and trims', () => {
    expect(normalizeText('12\u00A0%  de\u2009conversión\t ')).toBe('12 % de conversión');
  });

  it('composes accents that PDF fonts emit as separate spacing marks (NFC result)', () => {
    const out = normalizeText('la campa˜na de publicaci´on en el ´area de Espa˜na, ´ındice');
    expect(out).toBe('la campaña de publicación en el área de España, índice');
    expect(out).toBe(out.normalize('NFC'));
    expect(normalizeText('Mu\u0308ller e\u0301xito')).toBe('Müller éxito'); // decomposed -> composed
    expect([...normalizeText('e\u0301')].length).toBe(1);
  });

  it('keeps ordinary punctuation and an acute accent that is not on a vowel', () => {
    expect(normalizeText("L'Oréal ´s y el 5´")).toBe("L'Oréal ´s y el 5´");
  });

  it('turns a symbol-font bullet (private use) at a line start into a bullet and drops other private-use glyphs', () => {
    expect(normalizeText('\uF0B7 Edita el fichero fstab para montar la partición EFI.')).toBe('• Edita el fichero fstab para montar la partición EFI.');
    expect(normalizeText('La tienda\uF020 vendió más.')).toBe('La tienda vendió más.');
  });

  it('detects a soft hyphen at the end of a line', () => {
    expect(endsWithSoftHyphen('posiciona\u00AD')).toBe(true);
    expect(endsWithSoftHyphen('posiciona-')).toBe(false);
  });
});
