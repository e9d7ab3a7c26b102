import DataObjectIcon from '@mui/icons-material/DataObject';
import { EventList } from './EventList';

export default { list: EventList, icon: DataObjectIcon };
export { EventList };
