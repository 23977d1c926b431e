import { describe, expect, it } from 'vitest';
import { alignedTableRows, cellRuns, commentRuns, continuesSentence, endsDangling, endsSentenceWithCommand, isBulletOnly, isHeading, letterItems, lineKind, splitCellLines, startsListItem, stripWordBullet, tableRows, typicalLineLength, wordListRuns } from './structure.js';

describe('lineKind', () => {
  it('finds table-of-contents lines by their dot leaders', () => {
    expect(lineKind('3.2 ArrayList . . . . . . . . . . . . . . . . . . . 12')).toBe('toc');
    expect(lineKind('63 \\\\ para \\title . . . . . . . . . . . . . . . . .')).toBe('toc');
    expect(lineKind('Introducción al marketing digital............................ 3')).toBe('toc');
    // Two spaced dots left before the page number went to the next line; a spaced ellipsis after a comma is prose.
    expect(lineKind('4.1.3 Método estanConectadosCamino(String a1, String a2) . .')).toBe('toc');
    expect(lineKind('alineando texto en columnas con tabulaciones . .')).toBe('toc');
    expect(lineKind('utiliza letras mayúsculas: ‘A’, ‘B’, . . .')).toBeUndefined();
    expect(lineKind('El informe se presentó en Madrid... y nadie lo leyó.')).toBeUndefined();
  });

  it('finds statements, braces and comments of code, and formulas (kind math), not prose that mentions them', () => {
    for (const t of ['readbytes = read( fd, buffer, SIZE );', 'st_atime; /* ultima hora de acceso */', '} @Test', '}', 'v a c a entonces {',
      'ResultadoResultado+num1; Fin_repetir;', '34. Dia_salida←29;', '//entonces la llamada a wait retornará inmediatamente', 'colocarnos_al_principio(secuencia);',
      'printf( "numero de bloques asignados: %ld\\n",', 'mkdir prueba', 'ls -dlias /tmp', '$ gcc -o abece abece.c', 'sudo cp backup.sh /etc/cron.monthly']) {
      expect(lineKind(t), t).toBe('code');
    }
    for (const t of ['12𝑀𝐻𝑧', '𝑃𝑊𝑀0 = 127,5 ≈ 128𝑑 = 80ℎ', 'B m n o', 'qb, α, R', 'B, L, a, R b, R', 'sí ααaaaβbbbb ααaaaββbbb', '8 16 24 32 40 48 56 64', '× es-sloppy math', '= 102,4 ≈ 102', 'χ', 'Caja = 400€']) expect(lineKind(t), t).toBe('math');
    expect(lineKind('FE0/0')).toBe('code');
    for (const t of ['A', 'Sí', '3 no', 'La caja = 400 € de este mes']) expect(lineKind(t), t).toBeUndefined();
    for (const t of [
      'Puede hacerse que la separación sea nula, mediante \\setlength{\\itemsep}{-\\parsep}',
      '⇒ Macros para ser usadas en el texto (generan texto o lo estructuran).',
      'El equipo comparó (por ejemplo) los anuncios en buscadores;',
      'La tienda vendió más: un 3% en marzo y un 5% en abril.',
      'y el resultado fue el esperado en la campaña de primavera',
      'cd es el comando que cambia de carpeta.',
      'empleado(s) de la tienda, según el contrato,',
    ]) expect(lineKind(t), t).toBeUndefined();
  });

  it('finds contents lines whose page number went to the next line, and form blanks, not LaTeX\'s spaced ellipsis in prose', () => {
    for (const t of [
      '8.6.3. ¿Cómo consigo un mayor control de la posición de figuras y demás elementos flotantes? . . .',
      '2.2.4. fancyheadings.sty , scrpage.sty versus fancyhdr.sty , scrpage2.sty . . .',
      'VHDL COMPONENTES TEMP Y UNIDAD DE CONTROL . . .',
      'descargando flotantes e iniciando una página . . .',
      '.000 0… …. …. Consulta estándar',
    ]) expect(lineKind(t), t).toBe('toc');
    for (const t of ['utiliza números romanos en mayúsculas: ‘I’, ‘II’, . . .', 'Puntos suspensivos en diagonal: . . .', 'página, figura, . . . , de la instrucción \\label correspondiente']) {
      expect(lineKind(t), t).toBeUndefined();
    }
  });

  it('finds assembly, pseudo-code and LaTeX comments, not prose with a semicolon or a percentage', () => {
    for (const t of [';Si P_START es 1, se pasa al evento 7', 'IE.1 ; Habilita interrupciones del Timer 0', 'INICIALIZACIONES ;Inicializaciones',
      'contador, acumulador, n: Integer; --reservando memoria', 'si posible_multiplo rem 2=0 entonces --condición de fin',
      '% recomendamos el estilo de bibliografía plain % solo hace que la bibliografía no esté vacía', '% Codificación de caracteres', 'LIMPIAR_TEMP MOV EVENTO, #10 AJMP', 'primer línea \\\\ segunda línea \\\\']) {
      expect(lineKind(t), t).toBe('code');
    }
    for (const t of ['El entorno sin * pone comentario de cabecera ; ver el ejemplo más abajo.', 'La cobertura suele ir del 70 % al 95 % según el trenzado.',
      '% de los clientes compró en línea durante la campaña.', '%CPU: uso de CPU en %', 'Su nombre, como debe aparecer al final de la carta. \\\\', 'Se calcula que la distancia del rodillo es de 40 cm.']) {
      expect(lineKind(t), t).toBeUndefined();
    }
  });

  it('finds shell commands and prompts without a word of prose, and LaTeX lines of commands, not prose that starts with a command', () => {
    for (const t of ['touch gato.txt gata.txt gatita.txt', 'sudo apt remove vim-tiny', 'find /home/$USER -mmin -5', 'sort -u persona.txt | wc -w', 'whereis libc.a', '$gcc -o numeroaes general.c numeroaes.c -I.',
      '\\item [etiqueta1] elemento1', '\\renewcommand{\\spanishoperators}{ctg arc\\,ctg sh ch th}', '\\textdollar (o \\$)']) {
      expect(lineKind(t), t).toBe('code');
    }
    for (const t of ['cd es el comando que cambia de carpeta.', '$ man 2 write, Busca “write” en la sección 2 del manual.',
      '\\parbox tiene dos argumentos obligatorios:', '\\deactivatequoting en el preámbulo.', '\\paperwidth y \\textwidth con el resto de \\evensidemargin.']) {
      expect(lineKind(t), t).toBeUndefined();
    }
  });

  it('finds Spanish pseudo-code, VHDL heads and assembly mnemonics alone, not prose that says si ... entonces in passing', () => {
    for (const t of ['18. si hora >16 entonces', 'Si mes_U=5 o 7 o 10 o 12 entonces', 'mientras i < n hacer', 'Fin_repetir;', 'posible_multiplo n*n--inicializar variables',
      'architecture Behavioral of valor_mon is', 'RET', 'AJMP', 'examinados . add ( a1 ) ;', '11. Si no', 'EQU', 'unsigned int sec;', 'dividendo, divisor, cociente, resto: Integer;', 'txipi@neon:~ $ gcc files.c -o files', 'OrderedDoubleLinkedList <Persona> l 4 = new',
      'while r ≥ y', 'RANK EN EL GRAFO UTILIZADO COMO EJEMPLO EN EL ENUNCIADO, LOS VALORES OBTENIDOS SON: ” ) ;', '-- para que alguna vez la condición de la repetición llegue a ser cierta']) expect(lineKind(t), t).toBe('code');
    for (const t of ['Si el cliente no paga, entonces la tienda cancela el pedido.', 'Para saber qué hacer', 'RED', 'El entorno verse está diseñado para poesía.']) {
      expect(lineKind(t), t).toBeUndefined();
    }
  });

  it('takes an assignment with two words and no prose around it for a formula, not a sentence with one', () => {
    for (const t of ['Total Activo = 22760,32€', 'Amortización = (65000 − 7000)/10 = 5800€/año', 'Amortización acum. maq. = -843,75€', 'Resultados del Ejercicio = 415698,03€']) {
      expect(lineKind(t), t).toBe('math');
    }
    expect(lineKind('Por ejemplo, si A = {1, 2, 3, 4} y B = {m, n, o},')).toBeUndefined();
    expect(lineKind('padre = getpid();')).toBe('code');
  });

  it('finds index entries (a term, then page numbers)', () => {
    expect(lineKind('pie de página, 12, 40–42')).toBe('index');
    expect(lineKind('\\fussy, 37')).toBe('index');
    expect(lineKind('En 2019, la tienda vendió 300 zapatillas.')).toBeUndefined();
  });

  it('finds code lines and leaves prose that mentions a command alone', () => {
    expect(lineKind('\\usepackage{paralist} ... \\begin{itemize}[$\\star$] \\item ... \\item ... \\end{itemize}')).toBe('code');
    expect(lineKind('public void cargarLista() {')).toBe('code');
    expect(lineKind('MOV PWM1, +0x26 RET')).toBe('code');
    expect(lineKind('for (int i = 0; i < n; i++) {')).toBe('code');
    expect(lineKind('Dura hasta que se utilice una instrucción \\fussy (véase Sección 10.5 [\\fussy], página 37).')).toBeUndefined();
    expect(lineKind('La tasa de conversión (CTR) subió al 3% en marzo.')).toBeUndefined();
    expect(lineKind('CODIGO CERO INFORME SPRINT 2')).toBeUndefined();
    expect(lineKind('OFF_VFUERA: CLR RV_OUTTO')).toBe('code');
    expect(lineKind('ME9_EV_8')).toBe('code');
    expect(lineKind('SMD41')).toBe('code');
    expect(lineKind('area.c:')).toBe('code');
    expect(lineKind('\\selectspanish')).toBe('code');
    expect(lineKind('S y s t e m . o u t . p r i n t l n ( ” ” ) ;')).toBe('code');
    expect(lineKind('Resumen')).toBeUndefined();
    expect(lineKind('Instagram y TikTok')).toBeUndefined();
  });
});

describe('headings, list items and broken sentences', () => {
  const typical = 80;
  it('takes a short capitalised line before a new sentence as a heading', () => {
    expect(isHeading('Trabajos prácticos semanales', 'Se recomienda trabajar en parejas.', true, typical)).toBe(true);
    expect(isHeading('3.2 Resultados de la campaña', 'La tasa de conversión subió.', true, typical)).toBe(true);
    expect(isHeading('CODIGO CERO INFORME SPRINT 2', 'Iker Fernández, Eneko Rodríguez', true, typical)).toBe(true);
  });

  it('does not take the start of a wrapped sentence, a clause or a line mid-paragraph as a heading', () => {
    expect(isHeading('¿Qué número de puerto', 'utiliza el cliente?', true, typical)).toBe(false);
    // A paragraph's first line is a whole line of the page: it is short only when it is all there is.
    expect(isHeading('La campaña de primavera de la tienda en línea la dirigió', 'María López en Valencia.', true, typical)).toBe(false);
    expect(isHeading('Resultados de la campaña en', 'Madrid y Valencia', true, typical)).toBe(false);
    expect(isHeading('Trabajos prácticos semanales', 'Se recomienda trabajar en parejas.', false, typical)).toBe(false);
    expect(isHeading('Resultados del trimestre en las redes sociales y en el correo electrónico de la tienda', 'La tasa subió.', true, typical)).toBe(false);
    expect(isHeading('El equipo vendió más.', 'La directora lo celebró.', true, typical)).toBe(false);
  });

  it('starts list items on their own', () => {
    expect(startsListItem('4. Guardar el acumulador en la dirección 9000h')).toBe(true);
    // Word's second-level bullet, which pdftotext writes as the letter o.
    expect(startsListItem('o b) Un método de control de errores')).toBe(true);
    expect(startsListItem('o bien el equipo de ventas, que lo decidió en marzo.')).toBe(false);
    expect(startsListItem('• Instagram y TikTok para el público joven')).toBe(true);
    expect(startsListItem('a) el coste por clic')).toBe(true);
    expect(startsListItem('2024 fue un buen año para la tienda.')).toBe(false);
  });

  it('finds a bullet alone on its line; a lone o only before an item label', () => {
    expect(isBulletOnly('○', 'Garantiza mayor seguridad.')).toBe(true);
    expect(isBulletOnly('o', 'a) Un método de control de acceso al medio')).toBe(true);
    expect(isBulletOnly('o', 'o')).toBe(true);
    expect(isBulletOnly('o', 'y ^o (véase Sección 22.3 [Acentos], página 74)')).toBe(false);
    expect(isBulletOnly('Sí', 'a) Un método')).toBe(false);
  });

  it('finds lines that stop on a word no sentence ends on', () => {
    for (const t of ['Si estaban yendo hacia', 'Aunque congelada desde hace algún', 'Los múltiplos de 400 son una excepción, ya que aun siendo múltiplos de', 'La tienda abrirá desde']) expect(endsDangling(t), t).toBe(true);
    // A name or address that ends in `-es`, `/la`, `.de` does not end on a word.
    for (const t of ['La tienda abrirá en marzo.', 'Llegaron hasta Valencia', 'de vez en cuando', 'Disponible en http://www.loarco.homelinux.org/lqref-es', 'Véase ftp.dante.de']) {
      expect(endsDangling(t), t).toBe(false);
    }
  });

  it('joins a paragraph cut mid-sentence with the lower-case rest', () => {
    expect(continuesSentence('¿Qué número de puerto', 'utiliza el cliente?')).toBe(true);
    expect(continuesSentence('El equipo vendió más.', 'después lo celebró.')).toBe(false);
    expect(continuesSentence('Resultados', 'La tasa subió.')).toBe(false);
  });

  it('measures the usual prose line length', () => {
    expect(typicalLineLength([{ text: 'uno dos tres cuatro cinco' }, { text: 'Título' }, { text: 'a b c d e f g h i j k l m n o' }])).toBe('a b c d e f g h i j k l m n o'.length);
    expect(typicalLineLength([{ text: 'Título' }])).toBe(60);
  });
});

describe('tableRows', () => {
  it('marks lines that recur with only their numbers changed, and not prose with numbers', () => {
    const lines = [
      'Evento 9 ; Descripción Estado 13.', 'Evento 10 ; Descripción Estado 2.', 'La campaña 3 subió un 4%.',
      'Evento 11 ; Descripción Estado 7.', 'Evento 12 ; Descripción Estado 1.', 'El equipo vendió 300 zapatillas en marzo.',
    ].map((text) => ({ text }));
    expect(tableRows(lines)).toEqual([true, true, false, true, true, false]);
  });

  it('finds table rows from positions: 3+ lines whose cells line up (left, right or centre), not bullets set apart from their item', () => {
    const row = (...cells: [number, number, string][]) => ({ page: 1, cells: cells.map(([x, right, text]) => ({ x, right, text })) });
    const lines = [
      { page: 1, text: 'La tienda comparó sus canales de venta.' },
      row([40, 70, 'Canal'], [160, 197, 'Pedidos'], [210, 272, 'Coste (euros)']), // centred/right-aligned header
      row([40, 130, 'Correo electrónico'], [175, 197, '1250'], [255, 272, '300']),
      row([40, 150, 'Anuncios en buscadores'], [180, 197, '980'], [249, 272, '1200']),
      row([40, 110, 'Redes sociales'], [180, 197, '640'], [255, 272, '850']),
      { page: 1, text: 'El equipo decidió invertir más.' },
      // A list whose bullets stand apart: one cell each once the marker is set aside.
      row([50, 54, '•'], [70, 300, 'Permite acceder a los dispositivos en cualquier ubicación.']),
      row([50, 54, '•'], [70, 260, 'No tiene un alto consumo de recursos.']),
      row([50, 54, '•'], [70, 280, 'Es compatible con múltiples sistemas operativos.']),
      // Wide justified gaps at different places on each line.
      row([72, 140, 'El comercio electrónico'], [160, 300, 'creció en España durante el año']),
      row([72, 200, 'y las pymes vendieron más en línea'], [230, 300, 'que nunca antes']),
      row([72, 110, 'Los consumidores'], [125, 300, 'compararon precios en el móvil antes de comprar']),
    ];
    expect(alignedTableRows(lines)).toEqual([false, true, true, true, true, false, false, false, false, false, false, false]);
  });

  it('finds a table written one cell per paragraph (pdftotext), not a run of short headings', () => {
    const para = (text: string) => ({ text, newPara: true });
    const cells = ['Canal', 'Pedidos', 'Coste (euros)', 'Correo electrónico', '1250', '300', 'Anuncios en buscadores', '980', '1200'].map(para);
    const lines = [para('La tienda comparó sus canales de venta durante el trimestre.'), ...cells, para('El equipo decidió invertir más en el correo.')];
    expect(cellRuns(lines)).toEqual([false, ...cells.map(() => true), false]);
    const headings = ['Introducción', 'Objetivos del proyecto', 'Diseño', 'Planificación', 'Resultados', 'Conclusiones', 'Bibliografía'].map(para);
    expect(cellRuns(headings).some(Boolean)).toBe(false);
  });
});

describe('wordListRuns', () => {
  it('marks three or more one- or two-word lines after a line that introduces them', () => {
    const lines = ['A continuación hay una lista de los contadores utilizados para controlar la numeración.', 'part', 'paragraph', 'figure', 'enumi', 'Cada contador tiene un valor inicial de cero.']
      .map((text) => ({ text, page: 1 }));
    expect(wordListRuns(lines)).toEqual([false, true, true, true, true, false]);
    // Two items are not a list yet; and cells of a table that follow another cell are left to the table rules.
    expect(wordListRuns(lines.filter((_, i) => i !== 3 && i !== 4)).some(Boolean)).toBe(false);
    const cells = ['30 mins', 'Han surgido', 'varios', 'problemas', 'que no', 'esperábamos'].map((text) => ({ text, page: 1 }));
    expect(wordListRuns(cells).some(Boolean)).toBe(false);
  });
});

describe('splitCellLines', () => {
  const line = (cells: string[], newPara = false) => ({ text: cells.join(' '), newPara, cells: cells.map((text, i) => ({ x: i * 100, right: i * 100 + 50, text })) });

  it('cuts a prose line into its cells, each a paragraph, and keeps a first cell that only numbers the next with it', () => {
    const lines = [
      { text: 'Los temas del curso son:', newPara: true },
      line(['comunicación.', 'exponerlo y discutirlo en clase.']),
      line(['\\topsep', 'Espacio vertical entre el primer elemento y el párrafo anterior.'], true),
      line(['8.3.4.', '¿Puedo ajustar la separación entre texto y listas?'], true),
    ];
    const out = splitCellLines(lines, ['text', 'text', 'text', 'heading']);
    expect(out?.map((l) => [l.text, l.newPara, 'cells' in l])).toEqual([
      ['Los temas del curso son:', true, false],
      ['comunicación.', false, false],
      ['exponerlo y discutirlo en clase.', true, false],
      ['\\topsep', true, false],
      ['Espacio vertical entre el primer elemento y el párrafo anterior.', true, false],
      ['8.3.4. ¿Puedo ajustar la separación entre texto y listas?', true, false],
    ]);
  });

  it('leaves table rows, lines spread word by word and lines whose text changed alone', () => {
    const row = line(['Correo electrónico', '1250', '300'], true);
    const justified = line(['Además', 'de', 'los', 'símbolos', 'básicos', 'de', 'LATEX']);
    const joined = { ...line(['el posiciona-', 'miento']), text: 'el posicionamiento' };
    expect(splitCellLines([row, justified, joined], ['table', 'text', 'text'])).toBeUndefined();
    expect(splitCellLines([{ text: 'Sin celdas.' }], ['text'])).toBeUndefined();
  });
});

describe('issue 18, 2026-12-04 night: code lines, Word bullets, lettered items', () => {
  it('finds LaTeX comments, config lines between arrows, key chords and LaTeX syntax as code, not prose that mentions them', () => {
    for (const t of [
      '%% This version of \\RR can be used in the title of the paper',
      '\\makesignature % no en ltugproc',
      '... % Mas definiciones',
      'UUID=1040A94740A933FE → /mnt/windows → ntfs-3g →',
      'defaults,dmask=027,fmask=137,uid=1000,gid=1000 → 0 → 0',
      'Ctrl O + Enter + Ctrl X',
      '\\ vector( declivex,',
      'texto col1&texto col1&coln}\\\\ ...',
      '\\netaddress{user (at) ejemplo dot org}',
    ]) expect(lineKind(t), t).toBe('code');
    for (const t of [
      'El 50 % de los clientes compra en línea.',
      'Para Windows XP se puede utilizar Inicio → Panel de Control → Sistema → Opciones Avanzadas → Variables de entorno.',
      'Pulse Ctrl y la tecla de la letra a la vez.',
      'Los ficheros de /usr/include son las cabeceras de la biblioteca de C.',
      '\\parbox tiene dos argumentos obligatorios:',
    ]) expect(lineKind(t), t).toBeUndefined();
  });

  it('takes Word\'s o bullet off an item label, not the conjunction o', () => {
    expect(stripWordBullet('o b) Encriptar datos')).toBe('b) Encriptar datos');
    expect(stripWordBullet('o d) Cuando una estación no puede recibir datos')).toBe('d) Cuando una estación no puede recibir datos');
    expect(stripWordBullet('o totalmente integrados para su uso con TEX/LATEX')).toBe('o totalmente integrados para su uso con TEX/LATEX');
  });

  it('marks the lettered options of an exercise after its question, in order, and not an abbreviation', () => {
    expect(letterItems([{ text: '¿Qué protocolos forman parte del nivel o capa de red?' }, { text: 'a. TCP' }, { text: 'b. IP' }, { text: 'c.' }, { text: 'SMTP' }, { text: 'd. FTP' }]))
      .toEqual([false, true, true, true, false, true]);
    expect(letterItems([{ text: 'Ejercicio 2. Sabiendo que LU ∈ RE y LUC ∈ CO-RE:' }, { text: 'a. Probamos en clase que existe una reducción de LU a LƩ*.' }]))
      .toEqual([false, true]);
    // Not after a sentence that runs on, and not a letter out of order.
    expect(letterItems([{ text: 'como se ve en la' }, { text: 'a. Pero' }, { text: 'se usa mucho, p. ej. en' }, { text: 'c. Otro' }])).toEqual([false, false, false, false]);
  });

  it('marks runs of LaTeX comment lines, not a lone wrapped % nor a field of ps', () => {
    expect(commentRuns([{ text: '% recomendamos el estilo de bibliografía plain' }, { text: '% solo hace que la bibliografía no esté vacía' }, { text: 'Texto.' }, { text: '% de los clientes compra en línea.' }]))
      .toEqual([true, true, false, false]);
    expect(commentRuns([{ text: '%CPU: uso de CPU en %' }, { text: '%MEM: uso de Memoria en %' }])).toEqual([false, false]);
  });

  it('reads a LaTeX command alone on a line as the end of the sentence before it when that one runs on', () => {
    expect(endsSentenceWithCommand('\\protect.', 'Además, algunas instrucciones con argumentos frágiles deben tener su propia')).toBe(true);
    expect(endsSentenceWithCommand('\\frenchspacing.', 'and is used mainly in linguistic contexts.')).toBe(false);
    expect(endsSentenceWithCommand('\\selectspanish', 'antes de')).toBe(false);
  });
});
