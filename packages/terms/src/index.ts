/**
 * @nerflow/terms: word vectors from your own corpus (phrases + fastText), seed-term expansion with
 * accept/reject (the teach loop), patterns from accepted terms, and the pattern matcher.
 */
export { TermsErrors, type TermsErrorCode } from './errors.js';
export { VectorStore, type VectorStoreMeta, type Neighbour } from './vector-store.js';
export { topK, normalize, type Scored } from './knn.js';
export { readVecFile, type ReadVecOptions } from './read-vec.js';
export { learnPhrases, applyPhrases, npmi, SPANISH_CONNECTORS, type PhraseModel, type PhraseOptions } from './phrases.js';
export { corpusTexts, textSegments, SurfaceForms } from './training-text.js';
export { DEFAULT_FASTTEXT, autoSettings, type FastTextSettings, type TrainedVectors } from './fasttext/settings.js';
export { hasNativeFastText, trainNative } from './fasttext/native.js';
export { trainWasm } from './fasttext/wasm.js';
export { loadSubwordModel, type SubwordModel } from './fasttext/subwords.js';
export { trainVectors, modelPathFor, type TrainVectorsOptions, type TrainVectorsResult, type FastTextEngine } from './train-vectors.js';
export { openVectors, neighbours, loadVectors, subwordModelFor, type NeighboursResult, type LoadVectorsOptions } from './neighbours.js';
export { termKey, termDisplay, resolveTerm } from './term-key.js';
export { isCandidateTerm, SPANISH_STOPWORDS } from './candidate-filter.js';
export { TeachSession, type TeachSessionOptions, type TermDecision, type Suggestion } from './teach-session.js';
export { TermSpace, type TermSpaceOptions } from './term-space.js';
export { CorpusVariants, type Variant, type CorpusVariantsOptions } from './corpus-variants.js';
export { loadGeneralVectors, DEFAULT_GENERAL } from './general-vectors.js';
export { TermsDataset, acceptedTerms, acceptedTermsFromFile, isDatasetFile, decisionToExample, exampleToDecision } from './terms-dataset.js';
export { openTermTeacher } from './web-teacher.js';
export { runTeach, startTeach, type TeachOptions, type TeachSpaceOptions, type TeachFrontEnd, type TeachAction, type TeachSummary, type TeachTally } from './teach.js';
export { terminalFrontEnd } from './terminal-ui.js';
export { termsToPatterns, type ToPatternsOptions } from './to-patterns.js';
export { pluralWord, pluralVariants } from './spanish-plural.js';
export { matchCorpus, type MatchCorpusOptions, type MatchCorpusResult } from './match-corpus.js';
// The matcher lives in @nerflow/corpus (annotate uses it too; stages never import each other).
export { PatternMatcher, parsePattern, filterLongest, patternText, type Pattern, type PatternMatch, type PatternToken } from '@nerflow/corpus';
export * from './options.js';
export { vectorsTrainStage, vectorsLoadStage, termsToPatternsStage, termsMatchStage, termsStages } from './stages.js';
