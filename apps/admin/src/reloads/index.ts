// Shown inside an account (its tabs), not as resources of their own: no { list, icon } default export.
import { ReloadList } from './ReloadList';

export { ReloadList };
