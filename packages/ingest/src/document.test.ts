import { describe, expect, it } from 'vitest';
import { buildDocument, type CleanOptions } from './document.js';
import type { Line } from './types.js';

const INFO = { source: 'prueba.pdf', sha256: 'a'.repeat(64), bytes: 1, format: 'pdf', extractor: 'pdftotext@1' };
const CLEAN: CleanOptions = { normalize: true, dehyphenate: true, stripRepeated: true };
/** Lines as pdftotext writes them: text, and a blank line before each paragraph. */
const page = (...texts: string[]): Line[] => {
  const lines: Line[] = [];
  let blank = true;
  for (const t of texts) { if (t === '') { blank = true; continue; } lines.push({ text: t, newPara: blank }); blank = false; }
  return lines;
};
const examples = (lines: Line[], options: Partial<CleanOptions> = {}) =>
  buildDocument({ pages: [{ num: 1, lines }], metadata: {}, warnings: [] }, INFO, { ...CLEAN, ...options, unit: 'sentence' }).examples.map((e) => [e.meta!.kind, e.text]);

describe('buildDocument', () => {
  it('reads a Word quiz whose second-level bullets pdftotext writes as the letter o: one option per example, the o neither glued to the line before nor left before the label', () => {
    const rows = examples(page(
      '13. ¿Qué protocolo usa la tienda para enviar los boletines?',
      'o', '', 'a) El correo electrónico con SMTP ✅',
      'o b) La transferencia de ficheros con FTP',
      'o c) La consola remota con Telnet',
      '14. ¿Qué puerto escucha el servidor web de la tienda?',
    ));
    expect(rows).toEqual([
      ['text', '13. ¿Qué protocolo usa la tienda para enviar los boletines?'],
      ['text', 'a) El correo electrónico con SMTP ✅'],
      ['text', 'b) La transferencia de ficheros con FTP'],
      ['text', 'c) La consola remota con Telnet'],
      ['text', '14. ¿Qué puerto escucha el servidor web de la tienda?'],
    ]);
  });

  it('keeps a caption out of the sentence after it', () => {
    const long = 'La directora presentó el organigrama de la cooperativa a los socios en la reunión de Valencia de marzo.';
    expect(examples(page(long, 'Figura 10.2: Organigrama del año 5 (31-12-2029)', 'En ese momento la tienda tendrá veinte trabajadores en plantilla.'))).toEqual([
      ['text', long],
      ['text', 'Figura 10.2: Organigrama del año 5 (31-12-2029)'],
      ['text', 'En ese momento la tienda tendrá veinte trabajadores en plantilla.'],
    ]);
    expect(examples(page(long, 'Figura 3.1.1.: Esquema del temporizador en modo 1', 'Primero se calculó la frecuencia de la tienda.')).map(([, t]) => t)).toEqual([
      long, 'Figura 3.1.1.: Esquema del temporizador en modo 1', 'Primero se calculó la frecuencia de la tienda.',
    ]);
    expect(examples(page(long, 'Figura 2.4: Diagrama de flujos del generador de eventos del estado 11, eventos 16,', '17, 18 y 19.'))).toEqual([
      ['text', long], ['text', 'Figura 2.4: Diagrama de flujos del generador de eventos del estado 11, eventos 16, 17, 18 y 19.'],
    ]);
  });

  it('starts a paragraph at a whole question after a line without a sentence end (the next entry of a FAQ)', () => {
    expect(examples(page(
      '¿Cómo saco un listado bonito de un programa en un documento LATEX?',
      'Más bonito que utilizar verbatim queda con cualquiera de los paquetes listings, lgrind o fancyvrb',
      '¿Cómo colorear texto en LATEX?',
      'Con el paquete color y la orden textcolor.',
    ))).toEqual([
      ['text', '¿Cómo saco un listado bonito de un programa en un documento LATEX?'],
      ['text', 'Más bonito que utilizar verbatim queda con cualquiera de los paquetes listings, lgrind o fancyvrb'],
      ['text', '¿Cómo colorear texto en LATEX?'],
      ['text', 'Con el paquete color y la orden textcolor.'],
    ]);
  });

  it('ends a paragraph at a short line that closes a bracket when a capital follows (a reference, a slide bullet)', () => {
    const long = 'Hay varios libros sobre la tienda en línea de la cooperativa y sus campañas de marketing digital en Valencia.';
    expect(examples(page(long, 'Véase la sección 8.5 (Campañas en buscadores)', 'Lo que no debe olvidarse es que la tienda vende sobre todo por correo electrónico.'))).toEqual([
      ['text', long],
      ['text', 'Véase la sección 8.5 (Campañas en buscadores)'],
      ['text', 'Lo que no debe olvidarse es que la tienda vende sobre todo por correo electrónico.'],
    ]);
  });

  it('ends a paragraph at a line of two thirds of the usual length that ends without punctuation, before a capital', () => {
    const long = 'La tienda en línea de la cooperativa vendió más zapatillas durante la campaña de primavera del año.';
    const rows = examples(page(long, long, 'Para Mac OS X hay algunos editores que funcionan bien con TEX', 'TeXShop Muy sencillo y en castellano.', long));
    expect(rows.map(([, t]) => t)).toEqual([long, long, 'Para Mac OS X hay algunos editores que funcionan bien con TEX', 'TeXShop Muy sencillo y en castellano.', long]);
  });

  it('drops a line that is only a ? (a glyph pdftotext could not map)', () => {
    expect(examples(page('Además, el primer párrafo tras el título no elimina la sangría.', '?', 'Esta opción cambia las comillas de la tienda.'))).toEqual([
      ['text', 'Además, el primer párrafo tras el título no elimina la sangría.'],
      ['text', 'Esta opción cambia las comillas de la tienda.'],
    ]);
  });

  it('puts back an ñ whose tilde pdftotext wrote at the end of the line before', () => {
    expect(examples(page('Todas las clases aceptan estas opciones para seleccionar el tama~', 'no del papel y el dise~', 'no de la página.'))).toEqual([
      ['text', 'Todas las clases aceptan estas opciones para seleccionar el tamaño del papel y el diseño de la página.'],
    ]);
    // The manual's own tildes stay: after a space, or before another letter.
    expect(examples(page('Para obtener una ~ o ^ independiente se usa la forma ~n del teclado.'))).toEqual([
      ['text', 'Para obtener una ~ o ^ independiente se usa la forma ~n del teclado.'],
    ]);
  });

  it('writes labels and cut sentences as fragments (left out with skip fragment), and keeps a sentence that leads into code', () => {
    const lines = page(
      'La directora presentó los resultados de la campaña en Valencia.', '',
      '3 no', '',
      'Para compilar el informe de ventas se escribe', '',
      'gcc -o informe informe.c -lm', '',
      'pero si la instalación es antigua, hay que compilarlo a mano.',
    );
    expect(examples(lines)).toEqual([
      ['text', 'La directora presentó los resultados de la campaña en Valencia.'],
      ['fragment', '3 no'],
      ['text', 'Para compilar el informe de ventas se escribe'],
      ['fragment', 'pero si la instalación es antigua, hay que compilarlo a mano.'],
    ]);
    expect(examples(lines, { skip: ['toc', 'index', 'code', 'math', 'fragment'] }).map(([kind]) => kind)).toEqual(['text', 'text']);
    // Without the code after it, a sentence that stops on `de`/`con`/`escribe`... is judged on its own.
    expect(examples(page('Los múltiplos de 400 son una excepción, ya que aun siendo múltiplos de'))).toEqual([
      ['fragment', 'Los múltiplos de 400 son una excepción, ya que aun siendo múltiplos de'],
    ]);
  });
});

describe('buildDocument: lists written one word a line (issue 18, 2026-12-04)', () => {
  it('keeps the items of a list that pdftotext wrote one a line apart from the sentence that introduces it', () => {
    const rows = examples(page(
      'A continuación hay una lista de los sistemas operativos para los que existe una distribución de TEX.',
      'Atari',
      'Amiga',
      'UNIX',
      'VMS',
      'Todas ellas se encuentran en el directorio systems del CTAN.',
    ));
    expect(rows[0]).toEqual(['text', 'A continuación hay una lista de los sistemas operativos para los que existe una distribución de TEX.']);
    expect(rows.slice(1, 5)).toEqual([['fragment', 'Atari'], ['fragment', 'Amiga'], ['fragment', 'UNIX'], ['fragment', 'VMS']]);
    expect(rows[5]).toEqual(['text', 'Todas ellas se encuentran en el directorio systems del CTAN.']);
  });

  it('still joins a sentence that a narrow cell wraps one or two words a line', () => {
    const rows = examples(page(
      'Si los ventiladores están encendidos,',
      'los apaga. Si están apagados, los',
      'enciende',
      'con',
      'la',
      'potencia',
      'correspondiente a su modo.',
    ));
    expect(rows.map((r) => r[1]).join(' ')).toContain('Si están apagados, los enciende con la potencia correspondiente a su modo.');
  });
});

describe('buildDocument: footnotes, page breaks, lettered options (issue 18, 2026-12-04 night)', () => {
  const doc = (...pages: Line[][]) => buildDocument({ pages: pages.map((lines, i) => ({ num: i + 1, lines })), metadata: {}, warnings: [] }, INFO, { ...CLEAN, unit: 'sentence' })
    .examples.map((e) => [e.meta!.kind, e.text]);

  it('writes a footnote without its number and the body without its mark', () => {
    const rows = doc(page(
      'Las opciones de paquete',
      'De esta forma se puede cambiar por otras con, por ejemplo, de amstex.11 Por ello se da la posibilidad de cancelarlas.',
      'Es lo que se hace en los paquetes de este tipo.',
      '11 Aunque en este caso cabe usar los sinónimos @))) y @(((.',
    ));
    expect(rows).toContainEqual(['text', 'Aunque en este caso cabe usar los sinónimos @))) y @(((.']);
    expect(rows.map((r) => r[1])).toContain('De esta forma se puede cambiar por otras con, por ejemplo, de amstex.');
    expect(rows.map((r) => r[1]).join(' ')).not.toMatch(/11/u);
  });

  it('joins a sentence cut by a page break past the footnotes and the next page\'s running header and page number', () => {
    const rows = doc(
      page('Otra variación: debido a que el estilo negrita se aplica a las etiquetas, si usted compone',
        'una etiqueta en máquina de escribir usando \\texttt,1 obtendrá una máquina de escribir en',
        '1 Véase la sección de entornos.',
      ),
      page('Capítulo 9: Entornos', '', '18', '', 'negrita: \\item[\\texttt{máquina de escribir y negrita}]. Esta también puede estar en', 'negrita, entre otras cuestiones.'),
    );
    expect(rows).toContainEqual(['text', 'Otra variación: debido a que el estilo negrita se aplica a las etiquetas, si usted compone una etiqueta en máquina de escribir usando \\texttt, obtendrá una máquina de escribir en negrita: \\item[\\texttt{máquina de escribir y negrita}].']);
    expect(rows.map((r) => r[1])).toContain('Capítulo 9: Entornos');
  });

  it('does not join across a page break when the next page starts with more than a running header', () => {
    const rows = doc(
      page('Este paso se realiza con el editor de texto favorito del autor, aunque hay algunos editores de texto que están, mejor adaptados,'),
      page('4. ¿Que elementos intervienen al procesar un documento con LATEX?', '', 'Una vez terminado el documento fuente (documento.tex), éste se procesa mediante TEX si se han utilizado las',
        'órdenes de plain-TEX.', '', 'o totalmente integrados para su uso con TEX/LATEX.'),
    );
    expect(rows.map((r) => r[1])).toContain('Este paso se realiza con el editor de texto favorito del autor, aunque hay algunos editores de texto que están, mejor adaptados,');
  });

  it('gives the rest of a cut cell at the top of a page to that cell, not to the page before (8085 instruction table)', () => {
    const rows = doc(
      page('Resta 1 al contenido de la posición de memoria apuntada por los registros HL'),
      page('Suma el contenido del Registro B más la llevada de la operación anterior al', '', 'acumulador y luego incrementa en 1 el contenido del registro B.'),
    );
    expect(rows).toContainEqual(['text', 'Suma el contenido del Registro B más la llevada de la operación anterior al acumulador y luego incrementa en 1 el contenido del registro B.']);
  });

  it('writes each lettered option of an exercise apart from its question', () => {
    const rows = examples(page(
      'Ejercicio 2. Sabiendo que LU ∈ RE y LUC ∈ CO-RE:',
      'a. Probamos en clase que existe una reducción de LU a LƩ*. En base a esto, ¿qué se puede',
      'afirmar con respecto a la ubicación de LƩ* en la jerarquía de la computabilidad?',
      'b. Se prueba que existe una reducción de LUC a L.',
      '',
      '¿Qué protocolos forman parte del nivel o capa de red?',
      'a. TCP',
      'b. IP',
    ));
    expect(rows).toContainEqual(['text', 'Sabiendo que LU ∈ RE y LUC ∈ CO-RE:']);
    expect(rows).toContainEqual(['text', 'a. Probamos en clase que existe una reducción de LU a LƩ*.']);
    expect(rows).toContainEqual(['text', 'b. Se prueba que existe una reducción de LUC a L.']);
    expect(rows).toContainEqual(['text', '¿Qué protocolos forman parte del nivel o capa de red?']);
    expect(rows).toContainEqual(['fragment', 'a. TCP']);
  });

  it('leaves an fstab line and the keys that save it out of prose (code)', () => {
    const rows = examples(page(
      'Se pide usar el driver “ntfs-3g” y las siguientes opciones de montaje.',
      'sudo nano /etc/fstab',
      'UUID=1040A94740A933FE → /mnt/windows → ntfs-3g →',
      'defaults,dmask=027,fmask=137,uid=1000,gid=1000 → 0 → 0',
      'Ctrl O + Enter + Ctrl X',
      'sudo mount -a',
    ));
    expect(rows).toEqual([['text', 'Se pide usar el driver “ntfs-3g” y las siguientes opciones de montaje.']]);
  });
});
