export {
  EXAMPLES_DIR,
  loadValidExamples,
  validExample,
  loadInvalidExamples,
  type ValidExample,
  type InvalidExample,
} from './goldenExamples.js';
