/**
 * @nerflow/train: the NER model (issue 4). Encoders (trainable tok2vec, or features from a
 * BERT-like ONNX transformer), a CRF head with BILUO/IOB2 constraints, the training loop, the
 * model folder and prediction. Importing it registers 'ner' in core's modelLoaders and trainers.
 */
import './register.js';

export { initBackend, setMatMulThreads, tf } from './tf/backend.js';
export { TrainErrors } from './errors.js';
export {
  trainOptionsSchema, predictOptionsSchema, parseTrainOptions, parseTrainerSettings, trainDataShape, trainEncoderShape, trainLoopShape, TRAIN_SECTIONS, ENCODER_DEFAULTS,
  type TrainOptions, type TrainOptionsInput, type TrainerSettings, type PredictOptions, type PredictOptionsInput,
} from './options.js';
export { runPredict, type PredictSummary, type PredictDeps } from './run-predict.js';
export { trainNer } from './register.js';
export { trainModel, trainEvents, trainOnExamples, labelsIn, type TrainSummary, type TrainSessionEvent } from './training/trainModel.js';
export { trainLoop, evaluate, type TrainEvent, type LoopSettings, type DevDoc } from './training/loop.js';
export { Adam, learningRate } from './training/adam.js';
export { loadModel, predictStream, wordBatches, NerPredictor, TEACH_DEFAULTS, type TeachOptions } from './predict.js';
export { loadGliner, promptOf, type GlinerLoadOptions } from './zeroshot/glinerPredictor.js';
export { glinerBatch, type GlinerBatch, type GlinerSpecialIds } from './zeroshot/glinerInputs.js';
export { decodeGlinerSpans, type GlinerSpan } from './zeroshot/glinerDecode.js';
export { NerModel, OptimiserState, stepSeed, type TrainDoc, type DecodedSpan, type UpdateOptions, type HostGradients } from './model/nerModel.js';
export { evidenceOf } from './model/evidence.js';
export { saveModel, loadNerModel, readModelConfig, checkModelFolder, MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelConfig } from './model/modelFolder.js';
export { ModelFolderErrors } from './model/folderErrors.js';
export { assertModelOut, checkpointDir } from './model/modelOut.js';
export { makeBatch, type TokenEncoder, type TokenBatch, type EncodeOptions } from './encoders/encoder.js';
export { encoders, encoderOption, createEncoder, encoderTypes, type EncoderEntry, type EncoderRef, type EncoderSettings } from './encoders/registry.js';
export { Tok2Vec, DEFAULT_TOK2VEC, TOK2VEC_LAYOUT_VERSION, tok2vecEntry, type Tok2VecConfig } from './encoders/tok2vec.js';
export { charCnn, DEFAULT_CHAR_CNN, type CharCnnConfig } from './encoders/charCnn.js';
export { HashFeaturizer, wordShape, attrValue, ATTRS } from './encoders/hashFeatures.js';
export { StaticVectors } from './encoders/staticVectors.js';
export { TransformerEncoder, loadTransformerEncoder, transformerEntry } from './encoders/transformerEncoder.js';
export { TransformerFeaturizer, type TransformerOptions, type Pooling } from './encoders/transformerFeatures.js';
export { alignPieces, windowsFor } from './encoders/subwordAlign.js';
export { FeatureCache } from './encoders/featureCache.js';
export { setRemoteFeatures, remoteFeatures, featureSpec, plannedComputes, FEATURIZE_CHUNK, type RemoteFeatures, type FeatureSpec } from './encoders/remoteFeatures.js';
export { forwardBackward, viterbi, type CrfStructure } from './crf/crf.js';
export { crfLoss, pathProbability } from './crf/loss.js';
export { crfStructure } from './crf/structure.js';
export { ParamStore } from './tf/params.js';
export { Rng } from './tf/rng.js';
export { trainStage, predictStage, predictStageOptions } from './stage.js';
export { pretrain, pretrainOptionsSchema, type PretrainOptions, type PretrainResult } from './pretrain/pretrain.js';
export { PretrainErrors } from './pretrain/errors.js';
export { pretrainStage } from './pretrain/stage.js';
export { prepareModelForTraining, forgettingReport, type PreparedModel, type ForgettingRow } from './transfer/prepare.js';
export { loadPretrainedTok2vec, resolveTok2vecDir } from './transfer/initTok2vec.js';
export { openLabelEvidence, openMask } from './transfer/partial.js';
export { rehearsalExamples } from './transfer/rehearsal.js';
export { resolveModelDir } from '@nerflow/core'; // model names resolve in core only (one owner); re-exported for callers of train
