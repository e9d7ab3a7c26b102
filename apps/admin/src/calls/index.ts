// Shown inside an account (its tabs), not as resources of their own: no { list, icon } default export.
import { CallList } from './CallList';

export { CallList };
export { decisionSentence } from './decisions';
