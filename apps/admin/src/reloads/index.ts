import AutorenewIcon from '@mui/icons-material/Autorenew';
import { ReloadList } from './ReloadList';

export default { list: ReloadList, icon: AutorenewIcon };
export { ReloadList };
