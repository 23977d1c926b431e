import { describe, expect, it } from 'vitest';
import { isFragment, isFragmentHeading, isUnclosed } from './fragment.js';

describe('isFragment', () => {
  it('takes labels, cells and bibliography pieces of two words or fewer for fragments', () => {
    for (const t of ['Dugong', '3 no', 'lim inf', 'Madero, Cd.', 'Alibaba.', 'o (operación binaria)', '[Obsoletas.]', 'Web[] (Array)', '8. FTP PROTOCOL.', 'B, L, a, R b, R']) {
      expect(isFragment(t), t).toBe(true);
    }
  });

  it('keeps short questions, exclamations and sentences of three words or more', () => {
    for (const t of ['¿Cuál?', '¿Qué sucede?', '¡PEOR NOTICIA!', 'El equipo vendió más.', 'Se enciende el semáforo verde.', 'Correctitud de Programas', 'Y a la vez', 'M acepta w.', 'Instala la versión 5.0q']) {
      expect(isFragment(t), t).toBe(false);
    }
  });

  it('counts the words of a bracketed sentence, not of a short bracketed note', () => {
    expect(isFragment('(A diferencia de los argumentos opcionales, este argumento no está contenido entre corchetes).')).toBe(false);
    expect(isFragment('↓ (delimitador)')).toBe(true);
  });

  it('takes the rest of a cut sentence for a fragment: punctuation, a lower-case conjunction or article, or a number and a lower-case word first', () => {
    for (const t of [
      'pero si la instalación es antigua, debe utilizarse el paquete ucs:',
      'o con el paquete pdfpages,',
      'donde Imagenes es el nombre del directorio que contiene las imágenes.',
      '–, o a través de los CD-ROM editados por distintos grupos de usuarios.',
      '1 el contenido del registro C',
      'así paso a paso nos podremos mover hacia atrás por la secuencia',
      'sólo es posible si los dos componentes del compuesto tienen existencia independiente.',
      'debe colorear una celda.',
    ]) expect(isFragment(t), t).toBe(true);
    // A lower-case first word that is a name, and a list item with its letter, are sentences.
    expect(isFragment('tfm es la abreviatura de TEX font metric, métrica de los tipos TEX.')).toBe(false);
    expect(isFragment('cd es el comando que cambia de carpeta.')).toBe(false);
    // A dash before a lower-case word is a list's bullet as often as a cut: left alone.
    expect(isFragment('– no permite la inclusión directa ni de código ni de figuras PostScript.')).toBe(false);
    expect(isFragment('a) Obtén la expresión general del sistema')).toBe(false);
    expect(isFragment('14 La letra es cursiva pero no los signos que le puedan seguir.')).toBe(false);
  });

  it('takes a sentence that stops on a preposition or article for a cut, unless it leads into a display', () => {
    expect(isFragment('En general, con')).toBe(true);
    expect(isFragment('Los múltiplos de 400 son una excepción, ya que aun siendo múltiplos de')).toBe(true);
    expect(isFragment('Si estaban yendo hacia')).toBe(true);
    // `leadIn`: the next paragraph is code, so the sentence goes on there.
    expect(isFragment('Por ejemplo, para los acentos o para la ñ se introduciría la entrada al índice como', true)).toBe(false);
    expect(isFragment('Además, algunas instrucciones con argumentos frágiles deben tener su propia')).toBe(false);
  });

  it('takes a question or exclamation that is never closed for a cut, not one closed with a period', () => {
    expect(isFragment('¡MUCHAS')).toBe(true);
    expect(isUnclosed('¿RELACIÓN VELOCIDAD')).toBe(true);
    expect(isUnclosed('¿Qué es el CTAN (Comprehensive TEX Archive Network).')).toBe(false);
    expect(isUnclosed('¿Cómo cito una página de una referencia bibliográfica?')).toBe(false);
  });

  it('takes a heading without a word of two letters for a table cell, not a short title', () => {
    for (const t of ['Ó', 'B, b', '¡MUCHAS']) expect(isFragmentHeading(t), t).toBe(true);
    for (const t of ['3.3 ERP', 'Ratios', '9 Aspectos económicos']) expect(isFragmentHeading(t), t).toBe(false);
  });
});

describe('isFragment: field labels and comma cuts (issue 18, 2026-12-04)', () => {
  it('takes a form field or a label with its number for a fragment, as text or heading', () => {
    for (const t of ['CURSO: 2', 'GRUPO: 01', 'Teléfono: 678678678', 'Entrada: 4', 'Número de práctica: 3']) {
      expect(isFragment(t), t).toBe(true);
      expect(isFragmentHeading(t), t).toBe(true);
    }
    // A sentence with a clock time or a colon inside, and a heading with a number and a title, stay.
    expect(isFragment('• Personal de limpieza: 2')).toBe(false);
    for (const t of ['El programa debería sacar por pantalla 10:30:39', 'Una jornada laboral será de 8 horas, comienza a las 8:00.', 'Capítulo 3: Introducción al problema']) {
      expect(isFragment(t), t).toBe(false);
      expect(isFragmentHeading(t), t).toBe(false);
    }
  });

  it('takes a sentence that ends on a comma for a cut, unless it leads into a display', () => {
    expect(isFragment('En el problema de las fórmulas booleanas,')).toBe(true);
    expect(isFragment('Por ejemplo, para cambiar el margen se escribe,', true)).toBe(false);
    expect(isFragment('En el problema de las fórmulas booleanas, la pregunta es si existe una asignación.')).toBe(false);
  });

  it('takes a column of links for a fragment, not a sentence that gives one', () => {
    expect(isFragment('Sheet http://www.cncdrive.com/content/dugong.htm http://cncdrive.com/DG2S_08020.html http://www.wantmotor.com/')).toBe(true);
    expect(isFragment('Otras páginas muy interesantes son http://www.esm.psu.edu/mac-tex/default.html y http://latex.yauh.de/index_en.html .')).toBe(false);
    expect(isFragment('Está disponible en CTAN:macros/latex/contrib/supported/mdwtools/')).toBe(false);
  });
});
