import { tagsToSpans, tokensFromWords, type Example } from '@nerflow/corpus';

/** Spanish news-style sentences written for these tests, one `word/TAG` per token (IOB2, O omitted). */
const RAW = [
  'El/O presidente/O Pedro/B-PER Sánchez/I-PER viajó/O a/O Lisboa/B-LOC el/O martes/O ./O',
  'La/O alcaldesa/O Ada/B-PER Colau/I-PER habló/O en/O Barcelona/B-LOC sobre/O vivienda/O ./O',
  'El/O Real/B-ORG Madrid/I-ORG ganó/O la/O Liga/B-MISC en/O Madrid/B-LOC ./O',
  'Telefónica/B-ORG abrirá/O una/O oficina/O en/O Sevilla/B-LOC ./O',
  'Según/O la/O agencia/O EFE/B-ORG ,/O María/B-PER López/I-PER llegó/O a/O Bogotá/B-LOC ./O',
  'El/O Gobierno/O de/O España/B-LOC presentó/O el/O Plan/B-MISC Renove/I-MISC ./O',
  'Juan/B-PER Pérez/I-PER trabaja/O en/O el/O Banco/B-ORG Santander/I-ORG desde/O 2010/O ./O',
  'Lionel/B-PER Messi/I-PER jugó/O en/O París/B-LOC con/O el/O PSG/B-ORG ./O',
  'La/O Unión/B-ORG Europea/I-ORG aprobó/O el/O acuerdo/O en/O Bruselas/B-LOC ./O',
  'Carmen/B-PER Ruiz/I-PER escribió/O el/O libro/O Cien/B-MISC Días/I-MISC en/O Valencia/B-LOC ./O',
  'El/O festival/O Mad/B-MISC Cool/I-MISC se/O celebra/O en/O Madrid/B-LOC cada/O julio/O ./O',
  'Ana/B-PER Gómez/I-PER dirige/O la/O empresa/O Iberdrola/B-ORG en/O Bilbao/B-LOC ./O',
];

/** The sentences as corpus examples with spans (all four labels). */
export function sentences(keep: readonly string[] = ['PER', 'LOC', 'ORG', 'MISC']): Example[] {
  return RAW.map((line) => {
    const pairs = line.split(' ').map((p) => { const i = p.lastIndexOf('/'); return [p.slice(0, i), p.slice(i + 1)] as const; });
    const { text, tokens } = tokensFromWords(pairs.map((p) => p[0]));
    const tags = pairs.map((p) => (p[1] !== 'O' && keep.includes(p[1].slice(2)) ? p[1] : 'O'));
    return { text, tokens, spans: tagsToSpans(tokens, tags, 'IOB2') };
  });
}
