import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Example } from '@nerflow/corpus';
import { runIngest } from '../index.js';
import { hasPdftotext, parseBboxLayout } from './pdftotext.js';

const FIX = path.join(import.meta.dirname, '..', '__fixtures__');

/**
 * `pdftotext -bbox-layout` output of __fixtures__/layout/posiciones.pdf (make-fixtures.sh, case 8),
 * poppler 22.12, up to the two items (the last paragraph left out): a 16 pt title on two lines, a
 * 10 pt paragraph in the same flow (pdftotext's plain text has no blank line between them), and two
 * items side by side, each in a flow of its own.
 */
const SNIPPET = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml">
<head>
<title></title>
<meta name="Creator" content="groff version 1.22.4"/>
<meta name="Producer" content="gropdf version 1.22.4"/>
<meta name="CreationDate" content="2023-11-14T22:13:20Z"/>
<meta name="ModDate" content="2023-11-14T22:13:20Z"/>
</head>
<body>
<doc>
  <page width="595.000000" height="842.000000">
    <flow>
      <block xMin="72.000000" yMin="81.072000" xMax="504.000000" yMax="107.472000">
        <line xMin="72.000000" yMin="81.072000" xMax="504.000000" yMax="95.472000">
          <word xMin="72.000000" yMin="81.072000" xMax="146.672000" yMax="95.472000">Resultados</word>
          <word xMin="150.744000" yMin="81.072000" xMax="166.744000" yMax="95.472000">de</word>
          <word xMin="170.816000" yMin="81.072000" xMax="189.488000" yMax="95.472000">las</word>
          <word xMin="193.560000" yMin="81.072000" xMax="262.008000" yMax="95.472000">campañas</word>
          <word xMin="266.080000" yMin="81.072000" xMax="282.080000" yMax="95.472000">de</word>
          <word xMin="286.152000" yMin="81.072000" xMax="357.576000" yMax="95.472000">primavera</word>
          <word xMin="361.648000" yMin="81.072000" xMax="369.648000" yMax="95.472000">y</word>
          <word xMin="373.720000" yMin="81.072000" xMax="420.664000" yMax="95.472000">verano</word>
          <word xMin="424.736000" yMin="81.072000" xMax="440.736000" yMax="95.472000">de</word>
          <word xMin="444.808000" yMin="81.072000" xMax="457.256000" yMax="95.472000">la</word>
          <word xMin="461.328000" yMin="81.072000" xMax="504.000000" yMax="95.472000">tienda</word>
        </line>
        <line xMin="72.000000" yMin="93.072000" xMax="124.896000" yMax="107.472000">
          <word xMin="72.000000" yMin="93.072000" xMax="88.000000" yMax="107.472000">en</word>
          <word xMin="92.000000" yMin="93.072000" xMax="124.896000" yMax="107.472000">línea</word>
        </line>
      </block>
      <block xMin="72.000000" yMin="109.170000" xMax="504.000000" yMax="130.170000">
        <line xMin="72.000000" yMin="109.170000" xMax="504.000000" yMax="118.170000">
          <word xMin="72.000000" yMin="109.170000" xMax="82.550000" yMax="118.170000">La</word>
          <word xMin="85.573000" yMin="109.170000" xMax="131.723000" yMax="118.170000">cooperativa</word>
          <word xMin="134.746000" yMin="109.170000" xMax="155.296000" yMax="118.170000">abrió</word>
          <word xMin="158.319000" yMin="109.170000" xMax="167.209000" yMax="118.170000">su</word>
          <word xMin="170.232000" yMin="109.170000" xMax="194.672000" yMax="118.170000">tienda</word>
          <word xMin="197.695000" yMin="109.170000" xMax="207.135000" yMax="118.170000">en</word>
          <word xMin="210.158000" yMin="109.170000" xMax="229.598000" yMax="118.170000">línea</word>
          <word xMin="232.621000" yMin="109.170000" xMax="242.061000" yMax="118.170000">en</word>
          <word xMin="245.084000" yMin="109.170000" xMax="267.294000" yMax="118.170000">enero</word>
          <word xMin="270.317000" yMin="109.170000" xMax="275.317000" yMax="118.170000">y</word>
          <word xMin="278.340000" yMin="109.170000" xMax="305.410000" yMax="118.170000">vendió</word>
          <word xMin="308.433000" yMin="109.170000" xMax="346.203000" yMax="118.170000">zapatillas</word>
          <word xMin="349.226000" yMin="109.170000" xMax="358.666000" yMax="118.170000">en</word>
          <word xMin="361.690000" yMin="109.170000" xMax="378.910000" yMax="118.170000">toda</word>
          <word xMin="381.934000" yMin="109.170000" xMax="389.154000" yMax="118.170000">la</word>
          <word xMin="392.178000" yMin="109.170000" xMax="430.508000" yMax="118.170000">península</word>
          <word xMin="433.532000" yMin="109.170000" xMax="460.742000" yMax="118.170000">ibérica</word>
          <word xMin="463.766000" yMin="109.170000" xMax="493.756000" yMax="118.170000">durante</word>
          <word xMin="496.780000" yMin="109.170000" xMax="504.000000" yMax="118.170000">el</word>
        </line>
        <line xMin="72.000000" yMin="121.170000" xMax="107.430000" yMax="130.170000">
          <word xMin="72.000000" yMin="121.170000" xMax="107.430000" yMax="130.170000">invierno.</word>
        </line>
      </block>
      <block xMin="72.000000" yMin="136.770000" xMax="192.810000" yMax="145.770000">
        <line xMin="72.000000" yMin="136.770000" xMax="192.810000" yMax="145.770000">
          <word xMin="72.000000" yMin="136.770000" xMax="99.770000" yMax="145.770000">Correo</word>
          <word xMin="102.270000" yMin="136.770000" xMax="146.700000" yMax="145.770000">electrónico</word>
          <word xMin="149.200000" yMin="136.770000" xMax="154.200000" yMax="145.770000">y</word>
          <word xMin="156.700000" yMin="136.770000" xMax="192.810000" yMax="145.770000">boletines</word>
        </line>
      </block>
    </flow>
    <flow>
      <block xMin="243.360000" yMin="136.770000" xMax="371.460000" yMax="145.770000">
        <line xMin="243.360000" yMin="136.770000" xMax="371.460000" yMax="145.770000">
          <word xMin="243.360000" yMin="136.770000" xMax="281.690000" yMax="145.770000">Anuncios</word>
          <word xMin="284.190000" yMin="136.770000" xMax="293.630000" yMax="145.770000">en</word>
          <word xMin="296.130000" yMin="136.770000" xMax="340.360000" yMax="145.770000">buscadores</word>
          <word xMin="342.860000" yMin="136.770000" xMax="347.860000" yMax="145.770000">y</word>
          <word xMin="350.360000" yMin="136.770000" xMax="371.460000" yMax="145.770000">redes</word>
        </line>
      </block>
    </flow>
  </page>
</doc>
</body>
</html>
`;

describe('parseBboxLayout (pdftotext -bbox-layout)', () => {
  const { metadata, pages } = parseBboxLayout(SNIPPET);
  const lines = pages[0]!.lines;

  it('reads the metadata from the <head>, as for -htmlmeta', () => {
    expect(metadata).toEqual({ creator: 'groff version 1.22.4', producer: 'gropdf version 1.22.4', created: '2023-11-14T22:13:20.000Z', modified: '2023-11-14T22:13:20.000Z' });
  });

  it('makes lines from the word boxes, a paragraph at each of poppler\'s blocks, the larger title marked large', () => {
    expect(pages).toHaveLength(1);
    expect(lines.map((l) => [l.text, l.newPara === true, l.large === true])).toEqual([
      ['Resultados de las campañas de primavera y verano de la tienda', true, true],
      ['en línea', false, true],
      ['La cooperativa abrió su tienda en línea en enero y vendió zapatillas en toda la península ibérica durante el', true, false],
      ['invierno.', false, false],
      ['Correo electrónico y boletines Anuncios en buscadores y redes', true, false],
    ]);
  });

  it('keeps items side by side on one line as that line\'s cells', () => {
    expect(lines[4]!.cells?.map((c) => c.text)).toEqual(['Correo electrónico y boletines', 'Anuncios en buscadores y redes']);
    expect(lines[4]!.cells?.[1]?.x).toBeCloseTo(243.36);
    expect(lines.slice(0, 4).every((l) => l.cells === undefined)).toBe(true);
  });
});

const jsonl = async (file: string): Promise<Example[]> => (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Example);
let tmp: string;
beforeAll(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'nerflow-bbox-')); });
afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

describe.skipIf(!hasPdftotext())(`the pdftotext-bbox extractor${hasPdftotext() ? '' : ' (skipped: pdftotext is not installed)'}`, () => {
  it('writes the title as its own record and the two items side by side as two records', async () => {
    const out = path.join(tmp, 'posiciones');
    await runIngest({ paths: [path.join(FIX, 'layout', 'posiciones.pdf')], out, extractor: 'pdftotext-bbox', workers: 1 });
    const rows = (await jsonl(path.join(out, 'examples.jsonl'))).map((e) => e.text);
    expect(rows).toEqual([
      'Resultados de las campañas de primavera y verano de la tienda en línea',
      'La cooperativa abrió su tienda en línea en enero y vendió zapatillas en toda la península ibérica durante el invierno.',
      'Correo electrónico y boletines',
      'Anuncios en buscadores y redes',
      'El equipo de marketing digital decidió invertir más en el correo electrónico durante la primavera.',
    ]);
  });
});
