import { describe, expect, it } from 'vitest';
import { armSeries } from './curveArms.js';

describe('armSeries', () => {
  const src = { initTok2vec: 'pretrained', base: 'es-base', rehearsal: 'corpus/examples.jsonl' };

  it('maps each arm to the trainer settings that start it (scratch no longer reaches the trainer as an encoder name)', () => {
    expect(armSeries('scratch', src, { maxEpochs: 3 })).toEqual({ name: 'scratch', settings: { maxEpochs: 3, encoder: 'tok2vec' } });
    expect(armSeries('pretrained', src).settings).toEqual({ encoder: 'tok2vec', initTok2vec: 'pretrained' });
    expect(armSeries('base', src)).toEqual({ name: 'base', keepsOld: true, settings: { base: 'es-base', rehearsal: 'corpus/examples.jsonl' } });
    expect(armSeries('base+pretrained', src).settings).toEqual({ base: 'es-base', initTok2vec: 'pretrained', rehearsal: 'corpus/examples.jsonl' });
    expect(armSeries('transformer:models/bert', src).settings).toEqual({ encoder: 'transformer:models/bert' });
  });

  it('says which flag an arm is missing', () => {
    expect(() => armSeries('pretrained', {})).toThrow(expect.objectContaining({ code: 'E_EVAL_CURVE', message: expect.stringContaining('--init-tok2vec') }));
    expect(() => armSeries('base', { initTok2vec: 'p' })).toThrow(expect.objectContaining({ code: 'E_EVAL_CURVE', message: expect.stringContaining('--base') }));
  });
});
