/** Real Spanish marketing sentences (written for these tests, in the style of agency reports). */
export const SENTENCES = [
  'Google Ads mejoró el CTR un 12% en el tercer trimestre.',
  'La campaña de Meta Ads se lanzó en Madrid el lunes.',
  'El Sr. Pérez revisó la tasa de conversión con el equipo de SEO.',
  'Según HubSpot, el coste por lead bajó a 3,20 € en España.',
  'Con Semrush medimos el tráfico orgánico de la web cada semana.',
  'La agencia de Valencia usa Google Analytics y Looker Studio.',
  'El ROAS de TikTok Ads superó al de LinkedIn en noviembre.',
  'María López presentó el informe de Mailchimp a la dirección.',
  'La tasa de rebote bajó tras rediseñar la página de producto.',
  'En Barcelona, el CPC medio de Google Ads fue de 0,45 €.',
  'El equipo comparó Hootsuite con Buffer para programar publicaciones.',
  'Las ventas por Amazon crecieron un 8% frente a octubre.',
];

export const PATTERNS = [
  { label: 'PLATAFORMA', pattern: [{ lower: 'google' }, { lower: 'ads' }] },
  { label: 'PLATAFORMA', pattern: [{ lower: 'meta' }, { lower: 'ads' }] },
  { label: 'PLATAFORMA', pattern: 'HubSpot' },
  { label: 'METRICA', pattern: [{ lower: 'ctr' }] },
  { label: 'METRICA', pattern: [{ lower: 'tasa' }, { lower: 'de' }, { lower: 'conversión' }] },
];
