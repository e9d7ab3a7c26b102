import PhoneIcon from '@mui/icons-material/Phone';
import { CallList } from './CallList';

export default { list: CallList, icon: PhoneIcon };
export { CallList };
export { decisionSentence } from './decisions';
