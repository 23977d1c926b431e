const ES = new Set('de la que el en y a los del se las por un para con no una su al lo como más pero sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni contra otros ese eso ante ellos e esto mí antes algunos qué unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo nosotros es son está fue ser'.split(' '));
const EN = new Set('the of and to in is that for it with as was on are be this by at from or an have not but which they his her were has been their can will more would there we all one so if about what when who its also into than them these some only other may do could then out any after such our'.split(' '));

/**
 * A cheap language guess from function words (enough to flag the English manual named `_es` among
 * Spanish PDFs): 'es', 'en', or 'und' when there is too little text or neither dominates.
 */
export function guessLanguage(text: string): { lang: 'es' | 'en' | 'und'; confidence: number } {
  let es = 0;
  let en = 0;
  let n = 0;
  // The first 100k characters are plenty to tell the language, and keep this cheap on long documents.
  for (const m of text.slice(0, 100_000).toLowerCase().matchAll(/\p{L}+/gu)) {
    n++;
    if (ES.has(m[0])) es++;
    if (EN.has(m[0])) en++;
    if (n >= 20000) break;
  }
  if (n < 20 || es + en < 5) return { lang: 'und', confidence: 0 };
  const lang = es >= en ? 'es' : 'en';
  return { lang, confidence: Math.round((Math.max(es, en) / (es + en)) * 100) / 100 };
}
